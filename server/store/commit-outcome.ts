// A COMMIT that failed with an I/O error: whether it is on disk is unknown, and what callers do then.
//
// SQLite writes a transaction's pages to the write-ahead log and then fsyncs it. When that fsync
// fails (SQLITE_IOERR_FSYNC) the COMMIT reports failure and the connection rolls back, but the
// frames are already in the log file: a later start (which rebuilds the log's index from the file)
// finds the transaction committed. Reported as an ordinary failure, a caller undid what it had
// done beside the database (record-held-job.ts removed the job's spool file) and the job came back
// without its document. After a failed fsync the kernel may also have dropped the pages it could
// not write, so nothing this process holds can be trusted either.
//
// So, as PostgreSQL does after a failed fsync: the caller hears "outcome unknown" and undoes
// nothing; the process ends (server/store/sqlite-worker-client.ts) and its supervisor starts it
// again; the start reconciles what the disk holds — a spool file without its job is removed
// (server/retention/orphan-sweep.ts), a job without its spool file is destroyed and audited
// (server/retention/missing-documents.ts).
import { PrintvaktError } from "../../core/errors.js";

export function commitOutcomeUnknown(cause: unknown): PrintvaktError {
  return new PrintvaktError("outcome-unknown", "a database COMMIT failed with an I/O error: it may or may not be on disk, and the server stops", {
    cause,
    userMessage: "The server is restarting; try again in a moment",
  });
}

/** The write may have happened: keep everything it refers to (a spool file) for the next start to reconcile. */
export function isCommitOutcomeUnknown(error: unknown): boolean {
  return error instanceof PrintvaktError && error.code === "outcome-unknown";
}
