// Brings a database up to the newest migration at start-up or on `printvakt db migrate`: plain
// SQL files applied in one write transaction, recorded in Prisma's own `_prisma_migrations`.
import { PrintvaktError } from "../../core/errors.js";
import { sqliteMigrationsDir } from "../paths.js";
import { readMigrationFiles, type MigrationFile } from "./migration-files.js";
import { readHistory, recordApplied, type HistoryRow, type MigrationTransaction } from "./migration-history.js";
import { migrationParts, runMigrationStep, type MigrationStepKeys } from "./migration-steps.js";
import { openSqliteConnection, type SqliteConnection } from "./sqlite-connection.js";

export interface MigrationOutcome {
  applied: string[];
}

export interface MigrationOptions extends MigrationStepKeys {
  migrationsDir?: string;
  /**
   * Asked inside the migration's write transaction when there is something to apply, before it is
   * applied: throwing leaves the database as it was (a CLI command refuses to migrate under a
   * running server, serve-lock.ts).
   */
  beforeApplying?: (pending: readonly string[]) => void;
}

/**
 * Applies every migration in the folder that the database has not seen. The transaction starts as
 * a writer (BEGIN IMMEDIATE), so a server and a CLI command starting at once migrate one after the
 * other, and the second finds nothing to do; a failing migration leaves the database untouched.
 * `auditHashKey` is for the steps written in TypeScript (migration-steps.ts) that hash stored values.
 */
export async function migrateDatabase(databaseUrl: string, options: MigrationOptions = {}): Promise<MigrationOutcome> {
  const { migrationsDir = sqliteMigrationsDir, beforeApplying, ...keys } = options;
  if (!databaseUrl.startsWith("file:")) {
    throw new PrintvaktError("bad-config", `Only SQLite (file:) databases are migrated by Printvakt itself so far; got ${databaseUrl.split(":")[0]}:`);
  }
  const migrations = await readMigrationFiles(migrationsDir);
  // The busy timeout lets a second process wait for the first one's migration instead of failing.
  const client = openSqliteConnection(databaseUrl, 10_000);
  try {
    let applied: string[];
    const tx = await client.transaction("write");
    try {
      // A migration that rebuilds a table frees its old pages: zero them, as every write does
      // (database.ts), so a dropped column's values do not outlive it in free pages.
      await tx.execute("PRAGMA secure_delete = ON");
      const pending = pendingMigrations(migrations, await readHistory(tx));
      if (pending.length > 0) beforeApplying?.(pending.map((migration) => migration.name));
      for (const migration of pending) await apply(tx, migration, keys);
      await tx.commit();
      applied = pending.map((migration) => migration.name);
    } finally {
      tx.close();
    }
    if (applied.length > 0) await emptyWriteAheadLog(client);
    return { applied };
  } finally {
    client.close();
  }
}

/** What still has to run; refuses a history this code cannot continue from. */
function pendingMigrations(migrations: MigrationFile[], history: HistoryRow[]): MigrationFile[] {
  const known = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of history) {
    const file = known.get(row.name);
    if (!row.finished) {
      throw new PrintvaktError("not-possible", `Database migration ${row.name} started earlier and never finished; restore a backup or mark it rolled back before starting again`);
    }
    if (file === undefined) {
      throw new PrintvaktError("not-possible", `The database has migration ${row.name}, which this version of Printvakt does not know: it was written by a newer version`);
    }
    if (file.checksum !== row.checksum) {
      throw new PrintvaktError("not-possible", `Migration ${row.name} was changed after it was applied (recorded checksum ${row.checksum}, file ${file.checksum}); restore the original migration.sql`);
    }
  }
  const applied = new Set(history.map((row) => row.name));
  return migrations.filter((migration) => !applied.has(migration.name));
}

/**
 * The write-ahead log keeps the pages a migration replaced (a dropped column's values among them)
 * until a checkpoint; truncating it leaves them nowhere. Best effort: while another process reads,
 * the checkpoint cannot finish, and the server's start-up and retention tick empty it later.
 */
async function emptyWriteAheadLog(client: SqliteConnection): Promise<void> {
  await client.execute("PRAGMA wal_checkpoint(TRUNCATE)").catch(() => undefined);
}

async function apply(tx: MigrationTransaction, migration: MigrationFile, keys: MigrationStepKeys): Promise<void> {
  const startedAt = new Date();
  try {
    for (const part of migrationParts(migration.sql)) {
      if ("step" in part) await runMigrationStep(tx, part.step, keys);
      else await tx.executeMultiple(part.sql);
    }
  } catch (error) {
    throw new PrintvaktError("internal", `Database migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  await recordApplied(tx, migration, startedAt, new Date());
}
