// One `printvakt serve` per data directory (review F3). A second one (started by hand, or a rolling
// update in another network namespace, where its port is free) ran the start's sweeps under the
// live server: it destroyed a job just accepted and deleted the files of uploads in flight.
import path from "node:path";
import { tryLockExclusively, type FileLock } from "../store/exclusive-file-lock.js";
import { startupRefusal } from "./startup-refusal.js";

/** In the data directory; empty, and never removed (removing it would let two servers lock two files). */
export const SERVE_LOCK_FILE = "serve.lock";

/**
 * Held from before anything in the data directory is checked or changed until the process ends
 * (the kernel releases it then, after a SIGKILL too). The CLI's commands do not take it: they write
 * through SQLite's own transactions and never sweep, so they keep working beside the server.
 */
export function lockDataDirectoryForServing(dataDir: string): FileLock {
  const file = path.join(dataDir, SERVE_LOCK_FILE);
  const lock = tryLockExclusively(file);
  if (lock !== undefined) return lock;
  throw startupRefusal(`another printvakt serve already runs on the data directory ${dataDir} (it holds ${file})`, "Stop it first; only one server may use a data directory.");
}
