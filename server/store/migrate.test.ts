// Migrations run offline on real database files: fresh, repeated, and from an older version.
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { sqliteMigrationsDir } from "../paths.js";
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

describe("offline migrations", () => {
  test("a fresh database gets every migration and Prisma's own history table", async () => {
    const url = `file:${path.join(folder, "fresh.db")}`;
    const outcome = await migrateDatabase(url);
    expect(outcome.applied).toEqual(await allMigrationNames());
    const db = await openDatabase(url);
    try {
      const history = await db.prisma.$queryRawUnsafe<{ migration_name: string; finished_at: unknown }[]>(
        'SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(history.map((row) => row.migration_name)).toEqual(await allMigrationNames());
      expect(history.every((row) => row.finished_at !== null)).toBe(true);
      expect(await db.prisma.job.count()).toBe(0);
    } finally {
      await db.close();
    }
  });

  test("a second run applies nothing", async () => {
    const url = `file:${path.join(folder, "again.db")}`;
    await migrateDatabase(url);
    expect((await migrateDatabase(url)).applied).toEqual([]);
  });

  test("a database from an older migration is brought forward", async () => {
    const names = await allMigrationNames();
    expect(names.length).toBeGreaterThanOrEqual(2);
    const olderHistory = path.join(folder, "older-migrations");
    await cp(path.join(sqliteMigrationsDir, names[0]!), path.join(olderHistory, names[0]!), { recursive: true });
    await cp(path.join(sqliteMigrationsDir, "migration_lock.toml"), path.join(olderHistory, "migration_lock.toml"));
    const url = `file:${path.join(folder, "old.db")}`;
    expect((await migrateDatabase(url, olderHistory)).applied).toEqual([names[0]]);

    expect((await migrateDatabase(url)).applied).toEqual(names.slice(1));
    const db = await openDatabase(url);
    try {
      // The second migration adds the append-only triggers on the audit table.
      await db.prisma.auditEntry.create({ data: { seq: 1, at: new Date(), type: "t", details: "{}", prevHash: "0", hash: "1" } });
      await expect(db.prisma.auditEntry.update({ where: { seq: 1 }, data: { type: "changed" } })).rejects.toThrow(/append-only/);
      await expect(db.prisma.auditEntry.delete({ where: { seq: 1 } })).rejects.toThrow(/append-only/);
    } finally {
      await db.close();
    }
  });

  test("a PostgreSQL URL is refused clearly until its migration history exists", async () => {
    await expect(migrateDatabase("postgresql://localhost/printvakt")).rejects.toThrow(/Only SQLite/);
  });
});
