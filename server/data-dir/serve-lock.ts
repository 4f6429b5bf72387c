// One `printvakt serve` per data directory (review F3). A second one (started by hand, or a rolling
// update in another network namespace, where its port is free) ran the start's sweeps under the
// live server: it destroyed a job just accepted and deleted the files of uploads in flight.
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { tryLockExclusively, type FileLock } from "../store/exclusive-file-lock.js";
import { PrintvaktError } from "../../core/errors.js";
import { startupRefusal } from "./startup-refusal.js";

/** In the data directory; empty, and never removed (removing it would let two servers lock two files). */
export const SERVE_LOCK_FILE = "serve.lock";

/**
 * For the CLI's commands, which migrate the database as they open it: refuses when a server runs on
 * the data directory and the database is older than this code. Migrating under it would change the
 * tables beneath a server that was written for the old ones (after an upgrade, before its restart);
 * its own start migrates instead. The lock is only tried, never kept: a command must not keep a
 * server from starting.
 */
export function assertNoServerToMigrateUnder(dataDir: string, pending: readonly string[]): void {
  const lock = tryLockExclusively(path.join(dataDir, SERVE_LOCK_FILE));
  if (lock !== undefined) {
    lock.release();
    return;
  }
  throw new PrintvaktError(
    "conflict",
    `the database needs migrating (${pending.join(", ")}) while a printvakt serve runs on the data directory ${dataDir} with the code it was started with; ` +
      "restart the server first (its start migrates the database), then run this command again",
  );
}

/** How long a start waits for the lock before refusing: a CLI command's check holds it for a moment. */
export const SERVE_LOCK_WAIT_MS = 1_000;
const SERVE_LOCK_RETRY_MS = 25;

/**
 * Held from before anything in the data directory is checked or changed until the process ends
 * (the kernel releases it then, after a SIGKILL too). The CLI's commands do not take it: they write
 * through SQLite's own transactions and never sweep, so they keep working beside the server. Tried
 * for SERVE_LOCK_WAIT_MS: a command's check (assertNoServerToMigrateUnder) holds it for about a
 * millisecond, and a start at that moment was refused as if a server ran.
 */
export async function lockDataDirectoryForServing(dataDir: string, waitMs = SERVE_LOCK_WAIT_MS): Promise<FileLock> {
  const file = path.join(dataDir, SERVE_LOCK_FILE);
  for (const deadline = Date.now() + waitMs; ; await sleep(SERVE_LOCK_RETRY_MS)) {
    const lock = tryLockExclusively(file);
    if (lock !== undefined) return lock;
    if (Date.now() >= deadline) break;
  }
  throw startupRefusal(`another printvakt serve already runs on the data directory ${dataDir} (it holds ${file})`, "Stop it first; only one server may use a data directory.");
}
