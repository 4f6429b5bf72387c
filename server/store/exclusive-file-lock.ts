// An exclusive lock on a file that the kernel releases when the process ends, however it ends:
// SQLite's own file locking (fcntl byte-range locks on POSIX, LockFileEx on Windows), through the
// libsql driver the store already uses. Node has no flock of its own; lock-file libraries
// (proper-lockfile) guess a holder's death from a file's age, which is what this must not do.
import { closeSync, openSync, statSync } from "node:fs";
import path from "node:path";
import Database from "libsql";

/**
 * Every connection that holds a lock, until released: the libsql driver closes a connection (and
 * SQLite then drops its lock) when the collector takes it, so a holder that kept no reference to
 * its FileLock lost the lock at the next collection (review2 L4).
 */
const heldConnections = new Map<string, Database.Database>();

export interface FileLock {
  release(): void;
}

/**
 * Takes the lock at once or answers undefined when another process (or another connection of this
 * one) holds it. The file stays empty: an exclusive transaction that writes nothing, without a
 * journal, is held open until release. Nothing else may open the file in this process while the
 * lock is held: closing any descriptor of it drops a POSIX lock.
 */
export function tryLockExclusively(file: string): FileLock | undefined {
  // Held here already: answered without opening the file, because closing any descriptor of it
  // (the create below, or SQLite's connection refused as busy) drops this process's POSIX lock,
  // and another process could then take the lock this one still believes it holds.
  if (heldConnections.has(heldKey(file))) return undefined;
  // 0600 before SQLite creates it (SQLite would make it 0644 less the umask).
  closeSync(openSync(file, "a", 0o600));
  const key = heldKey(file);
  const connection = new Database(file, { timeout: 0 });
  try {
    connection.exec("PRAGMA journal_mode=OFF; PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE");
  } catch (error) {
    connection.close();
    if ((error as { code?: unknown }).code === "SQLITE_BUSY") return undefined;
    throw error;
  }
  heldConnections.set(key, connection);
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      heldConnections.delete(key);
      connection.close();
    },
  };
}

/**
 * The file's identity (device and inode, as the kernel's locks see it: every name of the file, hard
 * links and symlinked folders included, is one lock), read without opening it; for a file that does
 * not exist, its absolute path (nothing can hold a lock on it).
 */
function heldKey(file: string): string {
  try {
    const { dev, ino } = statSync(file, { bigint: true });
    return `${dev}:${ino}`;
  } catch {
    return `missing:${path.resolve(file)}`;
  }
}
