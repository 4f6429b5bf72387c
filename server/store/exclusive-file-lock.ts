// An exclusive lock on a file that the kernel releases when the process ends, however it ends:
// SQLite's own file locking (fcntl byte-range locks on POSIX, LockFileEx on Windows), through the
// libsql driver the store already uses. Node has no flock of its own; lock-file libraries
// (proper-lockfile) guess a holder's death from a file's age, which is what this must not do.
import { closeSync, openSync } from "node:fs";
import Database from "libsql";

/**
 * Every connection that holds a lock, until released: the libsql driver closes a connection (and
 * SQLite then drops its lock) when the collector takes it, so a holder that kept no reference to
 * its FileLock lost the lock at the next collection (review2 L4).
 */
const heldConnections = new Set<Database.Database>();

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
  // 0600 before SQLite creates it (SQLite would make it 0644 less the umask).
  closeSync(openSync(file, "a", 0o600));
  const connection = new Database(file, { timeout: 0 });
  try {
    connection.exec("PRAGMA journal_mode=OFF; PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE");
  } catch (error) {
    connection.close();
    if ((error as { code?: unknown }).code === "SQLITE_BUSY") return undefined;
    throw error;
  }
  heldConnections.add(connection);
  return {
    release: () => {
      heldConnections.delete(connection);
      connection.close();
    },
  };
}
