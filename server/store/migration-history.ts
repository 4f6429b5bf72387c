// Prisma's `_prisma_migrations` bookkeeping, kept exactly as Prisma's schema engine keeps it, so
// `prisma migrate status` and `prisma migrate deploy` agree with what Printvakt applied.
import { randomUUID } from "node:crypto";
import type { SqliteConnection } from "./sqlite-connection.js";
import { boundDate } from "./sql-values.js";

/** The write transaction the migrator runs in. */
export type MigrationTransaction = Awaited<ReturnType<SqliteConnection["transaction"]>>;

/** The table as Prisma's SQLite schema engine creates it, character for character. */
const CREATE_HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface HistoryRow {
  name: string;
  checksum: string;
  finished: boolean;
}


/** Every migration recorded and not rolled back, in the order applied. */
export async function readHistory(tx: MigrationTransaction): Promise<HistoryRow[]> {
  await tx.execute(CREATE_HISTORY_TABLE);
  const result = await tx.execute('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name');
  return result.rows.map((row) => ({ name: String(row.migration_name), checksum: String(row.checksum), finished: row.finished_at !== null }));
}

export async function recordApplied(tx: MigrationTransaction, migration: { name: string; checksum: string }, startedAt: Date, finishedAt: Date): Promise<void> {
  await tx.execute({
    sql: 'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
    args: [randomUUID(), migration.checksum, boundDate(finishedAt), migration.name, boundDate(startedAt)],
  });
}
