// SQLite's housekeeping, kept in the store so no other layer knows which database it runs on:
// the liveness and write probes, the start's quick_check, and emptying the write-ahead log of what
// destroyed jobs left there.
// (Secure deletion of freed row bytes is set on every write transaction, in database.ts.)
import type { Database } from "./database.js";
import { isDamagedDatabase } from "./prisma-errors.js";
import { openSqliteConnection } from "./sqlite-connection.js";

/** Resolves when the database answers a trivial query; throws when it cannot be reached. */
export async function probeDatabase(db: Database): Promise<void> {
  await db.prisma.$queryRawUnsafe("SELECT 1");
}

/**
 * Takes the write lock and lets it go, changing nothing (the claim every write transaction starts
 * with): fails when the file cannot be written (read-only, SQLITE_READONLY) and waits, without
 * blocking, while another process holds the lock.
 */
export async function probeDatabaseWrite(db: Database): Promise<void> {
  await db.write(async () => undefined);
}

/**
 * SQLite's `PRAGMA quick_check` on a SQLite database before anything else opens it (reliability
 * review D12: a malformed file started and answered "healthy"). The problems it lists, [] when the
 * file is sound; a file too damaged to be read at all is one problem. Other failures (a lock held
 * past the busy timeout, no permission) are thrown: they say nothing about the file's health.
 */
export async function quickCheckProblems(databaseUrl: string): Promise<string[]> {
  const connection = openSqliteConnection(databaseUrl);
  try {
    const result = await connection.execute("PRAGMA quick_check");
    const lines = result.rows.map((row) => String(row[0]));
    return lines.length === 1 && lines[0] === "ok" ? [] : lines;
  } catch (error) {
    if (!isDamagedDatabase(error)) throw error;
    return [error instanceof Error ? error.message : String(error)];
  } finally {
    connection.close();
  }
}

/**
 * Copies the write-ahead log into the database file and empties it; false when readers kept it
 * from completing (try again later). Until then the WAL holds the old versions of changed pages,
 * a destroyed job's wrapped key and sealed title among them. A checkpoint cannot run inside a
 * transaction, so this is the one statement that does not go through Database.write.
 */
export async function truncateWriteAheadLog(db: Database): Promise<boolean> {
  const [result] = await db.prisma.$queryRawUnsafe<{ busy: number | bigint }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
  return result === undefined || Number(result.busy) === 0;
}

/** Tries of one scrub while readers keep the checkpoint from finishing, and the pause between them. */
const SCRUB_ATTEMPTS = 5;
const SCRUB_PAUSE_MS = 40;

interface ScrubState {
  running?: Promise<boolean>;
  /** The one checkpoint queued behind the running one, shared by every destruction since it began. */
  next?: Promise<boolean>;
}
const scrubs = new WeakMap<Database, ScrubState>();

async function truncateUntilDone(db: Database): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    if (await truncateWriteAheadLog(db)) return true;
    if (attempt >= SCRUB_ATTEMPTS) return false;
    await new Promise((resolve) => setTimeout(resolve, SCRUB_PAUSE_MS * attempt));
  }
}

/**
 * Empties the write-ahead log after destructions: resolves (true) once a checkpoint that began
 * after this call has truncated it, false when readers kept it busy throughout (the retention tick
 * tries again). Concurrent destructions share checkpoints: while one runs, every caller waits for
 * the single one queued behind it, so a burst of releases costs two checkpoints, not one each.
 */
export function scrubWriteAheadLog(db: Database): Promise<boolean> {
  let state = scrubs.get(db);
  if (state === undefined) {
    state = {};
    scrubs.set(db, state);
  }
  const current = state;
  const start = (): Promise<boolean> => {
    const run = truncateUntilDone(db).finally(() => {
      if (current.running === run) current.running = undefined;
    });
    current.running = run;
    return run;
  };
  if (current.next) return current.next;
  if (!current.running) return start();
  current.next = current.running
    .catch(() => false)
    .then(() => {
      current.next = undefined;
      return start();
    });
  return current.next;
}
