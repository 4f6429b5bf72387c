// SQLite's housekeeping, kept in the store so no other layer knows which database it runs on:
// the liveness probe, emptying the write-ahead log, and secure deletion of destroyed rows.
import type { Database, Transaction } from "./database.js";

/** Resolves when the database answers a trivial query; throws when it cannot be reached. */
export async function probeDatabase(db: Database): Promise<void> {
  await db.prisma.$queryRawUnsafe("SELECT 1");
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

/**
 * Without secure_delete SQLite leaves an old row's bytes (a wrapped key) in the page's free space.
 * It is a per-connection flag and the driver pools connections, so it is set in the transaction
 * that destroys, on the connection that runs it.
 */
export async function eraseFreedPages(tx: Transaction): Promise<void> {
  await tx.$queryRawUnsafe("PRAGMA secure_delete = ON");
}
