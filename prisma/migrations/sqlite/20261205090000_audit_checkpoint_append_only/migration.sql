-- Hand-written (issue #11, review finding H1): signed checkpoints are append-only like the log they
-- vouch for. UPDATE was already refused; DELETE is refused too, always: checkpoints are never
-- pruned, so no window opens for them. A trigger stops accidents and casual SQL, not someone with
-- the file; against them verification counts missing checkpoints (uncovered old entries fail) and
-- compares the log with checkpoints held elsewhere (witness files, exports).
CREATE TRIGGER "AuditCheckpoint_no_delete" BEFORE DELETE ON "AuditCheckpoint"
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
