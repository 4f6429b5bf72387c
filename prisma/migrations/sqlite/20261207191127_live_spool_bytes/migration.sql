-- CreateTable
CREATE TABLE "LiveSpoolBytes" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bytes" BIGINT NOT NULL
);

-- Written by hand (Prisma cannot express triggers). The one row holds the sum of "sizeBytes" over
-- the live jobs: the states LIVE_STATES names in server/jobs/job-states.ts, spelled out here and in
-- each trigger (test: server/store/live-spool-bytes.test.ts walks every state change against it).
-- Triggers run inside the statement that changes the job, so the row commits or rolls back with it.
INSERT INTO "LiveSpoolBytes" ("id", "bytes")
SELECT 1, COALESCE(SUM("sizeBytes"), 0) FROM "Job" WHERE "state" IN ('incoming', 'held', 'releasing', 'may-have-printed');

CREATE TRIGGER "Job_live_bytes_insert" AFTER INSERT ON "Job"
WHEN NEW."state" IN ('incoming', 'held', 'releasing', 'may-have-printed')
BEGIN
  UPDATE "LiveSpoolBytes" SET "bytes" = "bytes" + NEW."sizeBytes" WHERE "id" = 1;
END;

CREATE TRIGGER "Job_live_bytes_update" AFTER UPDATE OF "state", "sizeBytes" ON "Job"
WHEN OLD."state" IN ('incoming', 'held', 'releasing', 'may-have-printed')
  OR NEW."state" IN ('incoming', 'held', 'releasing', 'may-have-printed')
BEGIN
  UPDATE "LiveSpoolBytes" SET "bytes" = "bytes"
    - (CASE WHEN OLD."state" IN ('incoming', 'held', 'releasing', 'may-have-printed') THEN OLD."sizeBytes" ELSE 0 END)
    + (CASE WHEN NEW."state" IN ('incoming', 'held', 'releasing', 'may-have-printed') THEN NEW."sizeBytes" ELSE 0 END)
  WHERE "id" = 1;
END;

CREATE TRIGGER "Job_live_bytes_delete" AFTER DELETE ON "Job"
WHEN OLD."state" IN ('incoming', 'held', 'releasing', 'may-have-printed')
BEGIN
  UPDATE "LiveSpoolBytes" SET "bytes" = "bytes" - OLD."sizeBytes" WHERE "id" = 1;
END;
