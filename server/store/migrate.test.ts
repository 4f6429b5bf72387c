// Migrations run offline on real database files: fresh, repeated, from an older version, and two at once.
import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { sqliteMigrationsDir } from "../paths.js";
import { appendAudit } from "./audit-log.js";
import { openDatabase } from "./database.js";
import { migrateDatabase } from "./migrate.js";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "printvakt-migrate-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function allMigrationNames(): Promise<string[]> {
  return (await readdir(sqliteMigrationsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = createClient({ url });
  try {
    return (await client.execute(sql)).rows.map((row) => ({ ...row }));
  } finally {
    client.close();
  }
}

describe("offline migrations", () => {
  test("a fresh database gets every migration, recorded in Prisma's history table as Prisma records it", async () => {
    const url = `file:${path.join(folder, "fresh.db")}`;
    const names = await allMigrationNames();
    expect((await migrateDatabase(url)).applied).toEqual(names);
    const history = await query(url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    expect(history.map((row) => row.migration_name)).toEqual(names);
    for (const row of history) {
      const sql = await readFile(path.join(sqliteMigrationsDir, String(row.migration_name), "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      // Prisma's own format: RFC 3339 with milliseconds and "+00:00".
      expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      expect(row.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      expect(row).toMatchObject({ logs: null, rolled_back_at: null, applied_steps_count: 1 });
    }
    expect(await query(url, "SELECT count(*) AS jobs FROM Job")).toEqual([{ jobs: 0 }]);
  });

  test("a second run applies nothing and records nothing", async () => {
    const url = `file:${path.join(folder, "again.db")}`;
    await migrateDatabase(url);
    expect((await migrateDatabase(url)).applied).toEqual([]);
    expect(await query(url, 'SELECT count(*) AS rows FROM "_prisma_migrations"')).toEqual([{ rows: (await allMigrationNames()).length }]);
  });

  test("a database from an older migration is brought forward", async () => {
    const names = await allMigrationNames();
    expect(names.length).toBeGreaterThanOrEqual(2);
    const olderHistory = path.join(folder, "older-migrations");
    await cp(path.join(sqliteMigrationsDir, names[0]!), path.join(olderHistory, names[0]!), { recursive: true });
    const url = `file:${path.join(folder, "old.db")}`;
    expect((await migrateDatabase(url, { migrationsDir: olderHistory })).applied).toEqual([names[0]]);

    expect((await migrateDatabase(url)).applied).toEqual(names.slice(1));
    const db = await openDatabase(url);
    try {
      // The second migration adds the append-only triggers on the audit table.
      await db.write((tx) => appendAudit(tx, { type: "audit.checkpoint", actor: "system", subject: null, details: { keyId: "k" } }));
      const client = createClient({ url });
      try {
        await expect(client.execute("UPDATE AuditEntry SET type = 'changed' WHERE seq = 1")).rejects.toThrow(/append-only/);
        await expect(client.execute("DELETE FROM AuditEntry WHERE seq = 1")).rejects.toThrow(/append-only/);
      } finally {
        client.close();
      }
    } finally {
      await db.close();
    }
  });

  test("a server and a CLI command migrating the same new file at once apply each migration once", async () => {
    const url = `file:${path.join(folder, "race.db")}`;
    const outcomes = await Promise.all([migrateDatabase(url), migrateDatabase(url)]);
    const names = await allMigrationNames();
    expect(outcomes.map((outcome) => outcome.applied).sort((a, b) => a.length - b.length)).toEqual([[], names]);
    expect(await query(url, 'SELECT count(*) AS rows FROM "_prisma_migrations"')).toEqual([{ rows: names.length }]);
  });

  test("a PostgreSQL URL is refused clearly until its migration history exists", async () => {
    await expect(migrateDatabase("postgresql://localhost/printvakt")).rejects.toThrow(/Only SQLite/);
  });
});
