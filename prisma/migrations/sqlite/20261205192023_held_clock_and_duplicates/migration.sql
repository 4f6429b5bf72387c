-- Generated, with hand-written parts at the end. Issue 12:
-- * HeldClock: the server's running time on the monotonic clock, carried across restarts; a job is
--   purged only when the wall clock and that clock both say its hold time is up (review D11: a +5 h
--   step for four seconds purged every held job). One row, written once per retention tick, rather
--   than a held-time column per job updated in batches.
-- * Job.jobUuid and Job.documentDigest: a resent Print-Job or Create-Job is answered with its first job.
-- CreateTable
CREATE TABLE "HeldClock" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "elapsedMs" BIGINT NOT NULL DEFAULT 0
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ownerName" TEXT NOT NULL,
    "ownerIdentifiedBy" TEXT NOT NULL,
    "sourceAddress" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL,
    "stateReason" TEXT NOT NULL DEFAULT '',
    "documentFormat" TEXT NOT NULL DEFAULT 'application/octet-stream',
    "sniffedFormat" TEXT,
    "sizeBytes" BIGINT NOT NULL DEFAULT 0,
    "pages" INTEGER,
    "template" TEXT NOT NULL DEFAULT '{}',
    "sealedTitle" BLOB,
    "wrappedKey" BLOB,
    "masterKeyId" TEXT,
    "spoolId" TEXT,
    "pinHash" TEXT,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "releasedAt" DATETIME,
    "releasedPrinterId" INTEGER,
    "releasedKioskId" INTEGER,
    "printerJobId" INTEGER,
    "destroyedAt" DATETIME,
    "jobUuid" TEXT,
    "documentDigest" TEXT,
    "holdDueHeldMs" BIGINT NOT NULL DEFAULT 0
);
INSERT INTO "new_Job" ("destroyedAt", "documentFormat", "expiresAt", "id", "masterKeyId", "ownerIdentifiedBy", "ownerName", "pages", "pinHash", "printerJobId", "releasedAt", "releasedKioskId", "releasedPrinterId", "sealedTitle", "sizeBytes", "sniffedFormat", "sourceAddress", "spoolId", "state", "stateReason", "submittedAt", "template", "wrappedKey") SELECT "destroyedAt", "documentFormat", "expiresAt", "id", "masterKeyId", "ownerIdentifiedBy", "ownerName", "pages", "pinHash", "printerJobId", "releasedAt", "releasedKioskId", "releasedPrinterId", "sealedTitle", "sizeBytes", "sniffedFormat", "sourceAddress", "spoolId", "state", "stateReason", "submittedAt", "template", "wrappedKey" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE UNIQUE INDEX "Job_spoolId_key" ON "Job"("spoolId");
CREATE INDEX "Job_ownerName_state_idx" ON "Job"("ownerName", "state");
CREATE INDEX "Job_state_expiresAt_idx" ON "Job"("state", "expiresAt");
CREATE INDEX "Job_ownerName_jobUuid_idx" ON "Job"("ownerName", "jobUuid");
CREATE INDEX "Job_ownerName_documentDigest_idx" ON "Job"("ownerName", "documentDigest");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Hand-written: the clock's single row starts at 0.
INSERT INTO "HeldClock" ("id", "elapsedMs") VALUES (1, 0);

-- Hand-written: jobs held before this migration must not wait a whole new hold time, nor lose the
-- new protection: their held-time due point is the wall-clock time they still had left. Prisma
-- stores DateTime as milliseconds since the epoch (an integer); a text date is read too, to be safe.
UPDATE "Job" SET "holdDueHeldMs" = MAX(0,
  (CASE typeof("expiresAt") WHEN 'integer' THEN "expiresAt" ELSE CAST((julianday("expiresAt") - 2440587.5) * 86400000 AS INTEGER) END)
  - CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
WHERE "state" IN ('incoming', 'held', 'releasing', 'may-have-printed');
