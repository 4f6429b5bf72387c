// The migration that stops storing card numbers in clear (review H3), on a database that holds
// some: each becomes its keyed hash and ending, the clear column is gone, and no byte of the
// database file or its write-ahead log still holds a number.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { keyedHash } from "../audit/keyed-hash.js";
import { sqliteMigrationsDir } from "../paths.js";
import { openDatabase } from "./database.js";
import { migrateDatabase } from "./migrate.js";
import { migrationParts } from "./migration-steps.js";
import { openSqliteConnection, type SqliteConnection } from "./sqlite-connection.js";
import { findUserByCard } from "./users.js";
import { copyMigrationHistory } from "../../test/support/migration-history-copy.js";

const CARD_MIGRATION = "20261205234341_card_number_hash";
const auditHashKey = Buffer.from("card-migration-test-key-32-bytes");
/** Numbers long enough that no hash, timestamp or id could contain one by chance. */
const cards = { anna: "5012345678901", bertil: "AB12CD34EF5678" };

let folder: string;
let url: string;
let databaseFile: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "printvakt-card-migration-"));
  databaseFile = path.join(folder, "printvakt.db");
  url = `file:${databaseFile}`;
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A database as the version before this migration left it, with two people and their cards in clear. */
async function databaseWithClearNumbers(): Promise<void> {
  const before = await copyMigrationHistory(path.join(folder, "migrations-before"), (name) => name < CARD_MIGRATION);
  await migrateDatabase(url, { migrationsDir: before });
  const client = openSqliteConnection(url);
  try {
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute(`INSERT INTO "User" ("id", "username", "displayName") VALUES (1, 'anna', 'Anna Berg'), (2, 'bertil', 'Bertil Ek')`);
    await client.execute({ sql: `INSERT INTO "Card" ("number", "userId") VALUES (?, 1), (?, 2)`, args: [cards.anna, cards.bertil] });
  } finally {
    client.close();
  }
}

async function columnsOfCard(client: SqliteConnection): Promise<string[]> {
  return (await client.execute(`PRAGMA table_info("Card")`)).rows.map((row) => String(row.name));
}

/**
 * Every file of the database (the file itself, -wal, -shm) that contains `text`. The last connection
 * to close removes -wal and -shm, possibly while this reads: a file gone holds nothing.
 */
async function databaseFilesContaining(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(folder)) {
    if (!name.startsWith("printvakt.db")) continue;
    const bytes = await readFile(path.join(folder, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return Buffer.alloc(0);
      throw error;
    });
    if (bytes.includes(Buffer.from(text))) found.push(name);
  }
  return found;
}

describe("stored card numbers become keyed hashes", () => {
  test("each clear number becomes its keyed hash and its ending, and the number column is gone", async () => {
    await databaseWithClearNumbers();
    expect(await databaseFilesContaining(cards.anna)).not.toEqual([]);
    expect((await migrateDatabase(url, { auditHashKey })).applied).toContain(CARD_MIGRATION);
    const client = openSqliteConnection(url);
    try {
      expect(await columnsOfCard(client)).toEqual(["id", "numberHash", "lastDigits", "userId", "createdAt"]);
      const rows = (await client.execute(`SELECT "userId", "numberHash", "lastDigits" FROM "Card" ORDER BY "userId"`)).rows.map((row) => ({ ...row }));
      expect(rows).toEqual([
        { userId: 1, numberHash: keyedHash(auditHashKey, cards.anna), lastDigits: "8901" },
        { userId: 2, numberHash: keyedHash(auditHashKey, cards.bertil), lastDigits: "5678" },
      ]);
    } finally {
      client.close();
    }
    // A badge is found by hashing what was read: the same key, the same hash the audit writes.
    const db = await openDatabase(url);
    try {
      expect((await findUserByCard(db, keyedHash(auditHashKey, cards.anna)))?.username).toBe("anna");
    } finally {
      await db.close();
    }
  });

  test("no byte of the database file or its write-ahead log still holds a number, also with another connection open during the migration", async () => {
    await databaseWithClearNumbers();
    // An older server still holding the file open keeps the write-ahead log from being deleted on close.
    const bystander = openSqliteConnection(url);
    try {
      await bystander.execute(`SELECT count(*) FROM "User"`);
      await migrateDatabase(url, { auditHashKey });
      for (const number of Object.values(cards)) expect(await databaseFilesContaining(number), number).toEqual([]);
    } finally {
      bystander.close();
    }
    for (const number of Object.values(cards)) expect(await databaseFilesContaining(number), number).toEqual([]);
  });

  test("without the key a database holding cards is not migrated at all, and says why", async () => {
    await databaseWithClearNumbers();
    await expect(migrateDatabase(url)).rejects.toThrow(/Database migration 20261205234341_card_number_hash failed: hashing the stored card numbers needs the master key/);
    const client = openSqliteConnection(url);
    try {
      expect(await columnsOfCard(client)).toEqual(["id", "number", "userId", "createdAt"]);
      expect((await client.execute(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE migration_name = '${CARD_MIGRATION}'`)).rows[0]!.n).toBe(0);
    } finally {
      client.close();
    }
    // With it, the same database migrates.
    expect((await migrateDatabase(url, { auditHashKey })).applied).toContain(CARD_MIGRATION);
  });

  test("a fresh database needs no key: there is nothing to hash", async () => {
    expect((await migrateDatabase(url)).applied).toContain(CARD_MIGRATION);
  });
});

describe("migration steps", () => {
  test("a step line splits the SQL; the step runs between the parts", () => {
    const sql = "ALTER TABLE a ADD b;\n-- printvakt-step: fill-b\nCREATE TABLE c (d);\n";
    expect(migrationParts(sql)).toEqual([{ sql: "ALTER TABLE a ADD b;\n" }, { step: "fill-b" }, { sql: "\nCREATE TABLE c (d);\n" }]);
    expect(migrationParts("SELECT 1; -- printvakt-step: not-at-line-start\n")).toEqual([{ sql: "SELECT 1; -- printvakt-step: not-at-line-start\n" }]);
  });

  test("a migration naming a step this version does not have fails and changes nothing", async () => {
    const migrations = path.join(folder, "migrations");
    await cp(sqliteMigrationsDir, migrations, { recursive: true });
    await migrateDatabase(url, { migrationsDir: migrations });
    await mkdir(path.join(migrations, "29991231000000_unknown_step"));
    await writeFile(path.join(migrations, "29991231000000_unknown_step", "migration.sql"), "CREATE TABLE x (y);\n-- printvakt-step: no-such-step\n");
    await expect(migrateDatabase(url, { migrationsDir: migrations })).rejects.toThrow(/29991231000000_unknown_step failed: the migration names a step this version does not have: no-such-step/);
    const client = openSqliteConnection(url);
    try {
      expect((await client.execute(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'x'`)).rows[0]!.n).toBe(0);
    } finally {
      client.close();
    }
  });
});
