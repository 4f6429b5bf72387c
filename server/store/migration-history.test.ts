// The history a database already has decides what runs: the old WebAssembly migrator's databases
// open untouched, and a history this code cannot continue from stops the start with a clear error.
import { createHash } from "node:crypto";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterEach, beforeEach, expect, test } from "vitest";
import { sqliteMigrationsDir } from "../paths.js";
import { migrateDatabase } from "./migrate.js";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "printvakt-history-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function withClient<T>(url: string, work: (client: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
  const client = createClient({ url });
  try {
    return await work(client);
  } finally {
    client.close();
  }
}

async function copyOfMigrations(): Promise<string> {
  const copy = path.join(folder, "migrations");
  await cp(sqliteMigrationsDir, copy, { recursive: true });
  return copy;
}

/** The table exactly as Prisma's schema engine (the old WebAssembly migrator) created it. */
const PRISMA_HISTORY_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

test("a database the old schema-engine migrator created opens without re-applying anything", async () => {
  const url = `file:${path.join(folder, "old-migrator.db")}`;
  const names = (await readdir(sqliteMigrationsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  // Recorded as the old migrator (main before #10) wrote them, rows copied from one of its databases.
  await withClient(url, async (client) => {
    await client.execute(PRISMA_HISTORY_TABLE);
    for (const [index, name] of names.entries()) {
      const sql = await readFile(path.join(sqliteMigrationsDir, name, "migration.sql"));
      await client.executeMultiple(sql.toString("utf8"));
      await client.execute({
        sql: 'INSERT INTO "_prisma_migrations" VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
        args: [`4a817a8f-34f3-45e8-985a-3689eaa806b${index}`, createHash("sha256").update(sql).digest("hex"), `2026-12-05T05:11:55.0${index}5+00:00`, name, `2026-12-05T05:11:54.99${index}+00:00`],
      });
    }
  });
  const before = await withClient(url, async (client) => (await client.execute('SELECT * FROM "_prisma_migrations" ORDER BY migration_name')).rows.map((row) => ({ ...row })));

  // Re-running the first migration would fail on its CREATE TABLE: an empty list means it did not.
  expect((await migrateDatabase(url)).applied).toEqual([]);
  const after = await withClient(url, async (client) => (await client.execute('SELECT * FROM "_prisma_migrations" ORDER BY migration_name')).rows.map((row) => ({ ...row })));
  expect(after).toEqual(before);
});

test("a migration edited after it was applied stops the start and says which one", async () => {
  const migrations = await copyOfMigrations();
  const url = `file:${path.join(folder, "edited.db")}`;
  await migrateDatabase(url, { migrationsDir: migrations });
  const [first] = (await readdir(migrations)).filter((name) => !name.endsWith(".toml")).sort();
  await appendFile(path.join(migrations, first!, "migration.sql"), "\n-- an innocent-looking edit\n");
  await expect(migrateDatabase(url, { migrationsDir: migrations })).rejects.toThrow(new RegExp(`Migration ${first} was changed after it was applied`));
});

test("a failing migration leaves the database as it was: no tables, no history", async () => {
  const migrations = await copyOfMigrations();
  await mkdir(path.join(migrations, "29991231000000_broken"));
  await writeFile(path.join(migrations, "29991231000000_broken", "migration.sql"), 'CREATE TABLE "Extra" (id INTEGER);\nTHIS IS NOT SQL;\n');
  const url = `file:${path.join(folder, "broken.db")}`;
  await expect(migrateDatabase(url, { migrationsDir: migrations })).rejects.toThrow(/Database migration 29991231000000_broken failed/);
  const tables = await withClient(url, async (client) => (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows);
  expect(tables).toEqual([]);
});

test("a database written by a newer version (a migration this version lacks) is refused", async () => {
  const migrations = await copyOfMigrations();
  await mkdir(path.join(migrations, "29991231000000_future"));
  await writeFile(path.join(migrations, "29991231000000_future", "migration.sql"), 'CREATE TABLE "Future" (id INTEGER);\n');
  const url = `file:${path.join(folder, "newer.db")}`;
  await migrateDatabase(url, { migrationsDir: migrations });
  await expect(migrateDatabase(url)).rejects.toThrow(/has migration 29991231000000_future, which this version of Printvakt does not know/);
});

test("a migration that started and never finished is not silently retried", async () => {
  const url = `file:${path.join(folder, "unfinished.db")}`;
  await migrateDatabase(url);
  await withClient(url, (client) => client.execute(`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations")`));
  await expect(migrateDatabase(url)).rejects.toThrow(/started earlier and never finished/);
});
