-- CreateTable
CREATE TABLE "AuditPruneWindow" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "upToSeq" INTEGER NOT NULL
);

-- Hand-written: the audit log is append-only. UPDATE is always refused. DELETE is refused unless
-- the retention pruner opened a window (same transaction) that covers the entry. The hash chain
-- and signed checkpoints prove integrity; these triggers stop accidents and casual edits.
CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry"
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;

CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry"
WHEN OLD."seq" > COALESCE((SELECT "upToSeq" FROM "AuditPruneWindow" WHERE "id" = 1), 0)
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;

CREATE TRIGGER "AuditCheckpoint_no_update" BEFORE UPDATE ON "AuditCheckpoint"
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
