// What `printvakt serve` proves about the data directory before it takes any work (reliability
// review D12): that the directory, the spool and the database can be written, and that SQLite's
// quick_check finds the database sound. Each failure is a refusal naming the path; the server used
// to start, answer /healthz "ok" and fail every Print-Job with "Internal error".
import { access, constants } from "node:fs/promises";
import { isOutOfSpace } from "../../core/errors.js";
import type { Database } from "../store/database.js";
import { probeDatabaseWrite, quickCheckProblems } from "../store/sqlite-maintenance.js";
import { reasonOf, startupRefusal } from "./startup-refusal.js";
import { probeDirectoryWritable } from "./write-probe.js";

const AS_SERVICE_ACCOUNT = "Make it writable by the account Printvakt runs as (owner and mode, a read-only mount) and start again.";
/** quick_check lists at most this many problems in the message; the rest are counted. */
const PROBLEMS_SHOWN = 3;

/**
 * A full disk is no refusal: the server must start on one to release, delete and purge, which is
 * what frees space (review D6); /healthz reports it meanwhile.
 */
export async function assertDirectoriesWritable(directories: { dataDir: string; spoolDir: string }): Promise<void> {
  for (const [what, directory] of [["data directory", directories.dataDir], ["spool directory", directories.spoolDir]] as const) {
    try {
      await probeDirectoryWritable(directory);
    } catch (error) {
      if (isOutOfSpace(error)) continue;
      throw startupRefusal(`the ${what} ${directory} cannot be written (${reasonOf(error)})`, AS_SERVICE_ACCOUNT, error);
    }
  }
}

/** Before SQLite opens it: a database file this account may read but not write (mode 0444, another owner). */
export async function assertDatabaseFileWritable(file: string): Promise<void> {
  try {
    await access(file, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw startupRefusal(`the database ${file} cannot be written (${reasonOf(error)})`, AS_SERVICE_ACCOUNT, error);
  }
}

/** Before the migration touches it: a malformed database is refused, not migrated and served. */
export async function assertDatabaseSound(databaseUrl: string, file: string): Promise<void> {
  const problems = await quickCheckProblems(databaseUrl);
  if (problems.length === 0) return;
  const shown = problems.slice(0, PROBLEMS_SHOWN).join("; ");
  const more = problems.length > PROBLEMS_SHOWN ? ` and ${problems.length - PROBLEMS_SHOWN} more` : "";
  throw startupRefusal(
    `the database ${file} fails SQLite's quick_check: ${shown}${more}`,
    "Stop every process that uses it, restore the database from a backup (printvakt.db with its -wal file, if any) and start again; keep the damaged copy for investigation.",
  );
}

/** After opening: a write that changes nothing, which a read-only file or mount refuses. */
export async function assertDatabaseWritable(db: Database, file: string): Promise<void> {
  try {
    await probeDatabaseWrite(db);
  } catch (error) {
    throw startupRefusal(`the database ${file} cannot be written (${reasonOf(error)})`, AS_SERVICE_ACCOUNT, error);
  }
}
