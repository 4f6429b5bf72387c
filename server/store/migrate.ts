// Brings a database up to the newest migration at start-up or on `printvakt db migrate`, offline.
import { createClient } from "@libsql/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrintvaktError } from "../../core/errors.js";
import { sqliteMigrationsDir } from "../paths.js";
import { NO_FILTER, readMigrationList } from "./migration-list.js";
import { openSchemaEngine } from "./schema-engine.js";

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Applies every migration in the folder that the database has not seen, recording them in
 * Prisma's own `_prisma_migrations` table, so `prisma migrate deploy` would agree with us.
 */
export async function migrateDatabase(databaseUrl: string, migrationsDir = sqliteMigrationsDir): Promise<MigrationOutcome> {
  if (!databaseUrl.startsWith("file:")) {
    throw new PrintvaktError("bad-config", `Only SQLite (file:) databases are migrated by Printvakt itself so far; got ${databaseUrl.split(":")[0]}:`);
  }
  const migrationsList = await readMigrationList(migrationsDir);
  const wanted = migrationsList.migrationDirectories.map((directory) => directory.path);
  // The common case at start-up: nothing to do. Asking the history table is ~1 ms; loading the
  // WebAssembly engine would be a few hundred.
  if (await allApplied(databaseUrl, wanted)) return { applied: [] };
  const engine = await openSchemaEngine(new PrismaLibSql({ url: databaseUrl }));
  try {
    const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return { applied: result.appliedMigrationNames };
  } catch (error) {
    throw new PrintvaktError("internal", `Database migration failed: ${describe(error)}`, { cause: error });
  } finally {
    engine.free();
  }
}

async function allApplied(databaseUrl: string, wanted: string[]): Promise<boolean> {
  const client = createClient({ url: databaseUrl });
  try {
    const table = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'");
    if (table.rows.length === 0) return false;
    const rows = await client.execute("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL");
    const applied = new Set(rows.rows.map((row) => String(row.migration_name)));
    return wanted.every((name) => applied.has(name));
  } finally {
    client.close();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "object" ? JSON.stringify(error) : String(error);
}
