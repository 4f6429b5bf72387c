// The live spool's bytes kept in one row by triggers on Job (migration live_spool_bytes): the row
// equals the sum over LIVE_STATES after the migration fills it, after every change of state (all
// 81 pairs of the state table's states, legal or not: the triggers must not depend on the
// gatekeeper), a change of size, a delete, and a transaction rolled back. The spool quota reads it
// on every submission (live-usage.ts); the whole-server cap is held end to end in
// test/security/quota-races.test.ts.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { JOB_STATES, LIVE_STATES } from "../jobs/job-states.js";
import { LIVE_SPOOL_BYTES } from "./live-usage.js";
import { migrateDatabase } from "./migrate.js";
import { openSqliteConnection, type SqliteConnection } from "./sqlite-connection.js";
import { copyMigrationHistory } from "../../test/support/migration-history-copy.js";

const LIVE_MIGRATION = "20261207191127_live_spool_bytes";
const LIVE_SUM = `SELECT COALESCE(SUM("sizeBytes"), 0) AS bytes FROM "Job" WHERE "state" IN (${LIVE_STATES.map((state) => `'${state}'`).join(", ")})`;

let folder: string;
let url: string;
let client: SqliteConnection | undefined;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "printvakt-live-bytes-"));
  url = `file:${path.join(folder, "printvakt.db")}`;
});
afterEach(async () => {
  client?.close();
  client = undefined;
  await rm(folder, { recursive: true, force: true });
});

let nextId = 1;
async function insertJob(connection: SqliteConnection, state: string, sizeBytes: number): Promise<number> {
  const id = nextId++;
  await connection.execute({
    sql: `INSERT INTO "Job" ("id", "ownerName", "ownerIdentifiedBy", "state", "sizeBytes", "expiresAt") VALUES (?, 'anna', 'trusted-name', ?, ?, '2030-01-01T00:00:00.000Z')`,
    args: [id, state, sizeBytes],
  });
  return id;
}

/** What the quota reads, and the sum it stands for. */
async function rowAndSum(connection: SqliteConnection): Promise<{ row: number; sum: number }> {
  const row = Number((await connection.execute({ sql: `${LIVE_SPOOL_BYTES} AS bytes`, args: [...LIVE_STATES] })).rows[0]!.bytes);
  const sum = Number((await connection.execute(LIVE_SUM)).rows[0]!.bytes);
  return { row, sum };
}

test("the migration fills the row from the jobs already there, counting only live ones", async () => {
  await migrateDatabase(url, { migrationsDir: await copyMigrationHistory(path.join(folder, "migrations-before"), (name) => name < LIVE_MIGRATION) });
  client = openSqliteConnection(url);
  for (const [state, size] of [["held", 100], ["incoming", 7], ["releasing", 3_000], ["may-have-printed", 30], ["released", 1_000], ["purged", 5], ["refused", 9]] as const) {
    await insertJob(client, state, size);
  }
  client.close();
  client = undefined;
  expect((await migrateDatabase(url, { migrationsDir: await copyMigrationHistory(path.join(folder, "migrations-through"), (name) => name <= LIVE_MIGRATION) })).applied).toEqual([LIVE_MIGRATION]);
  client = openSqliteConnection(url);
  expect(await rowAndSum(client)).toEqual({ row: 3_137, sum: 3_137 });
});

test("after the whole migration history the three triggers are there", async () => {
  // SQLite drops a table's triggers with the table: a later migration that rebuilds "Job" (Prisma's
  // CREATE new_Job / INSERT / DROP / RENAME, as two migrations already did) must create them again
  // and set the row from the sum (prisma/README.md). The walk below would fail too; this says why.
  await migrateDatabase(url);
  client = openSqliteConnection(url);
  const triggers = (await client.execute(`SELECT "name", "tbl_name" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE 'Job_live_bytes_%' ORDER BY "name"`)).rows.map((row) => `${String(row.tbl_name)}.${String(row.name)}`);
  expect(triggers).toEqual(["Job.Job_live_bytes_delete", "Job.Job_live_bytes_insert", "Job.Job_live_bytes_update"]);
});

test("every change of state, of size and every delete keeps the row equal to the live jobs' sum", async () => {
  await migrateDatabase(url);
  client = openSqliteConnection(url);
  expect(await rowAndSum(client)).toEqual({ row: 0, sum: 0 });
  let size = 1;
  for (const from of JOB_STATES) {
    for (const to of JOB_STATES) {
      size += 1;
      const id = await insertJob(client, from, size * 1_000);
      const inserted = await rowAndSum(client);
      expect(inserted.row, `inserted ${from}`).toBe(inserted.sum);
      await client.execute({ sql: `UPDATE "Job" SET "state" = ? WHERE "id" = ?`, args: [to, id] });
      const after = await rowAndSum(client);
      expect(after.row, `${from} -> ${to}`).toBe(after.sum);
    }
  }
  const { sum } = await rowAndSum(client);
  expect(sum, "the walk left live jobs behind to count").toBeGreaterThan(0);

  // A size written after the fact (a document's bytes counted once it has arrived).
  await client.execute(`UPDATE "Job" SET "sizeBytes" = "sizeBytes" + 500 WHERE "state" IN ('held', 'released')`);
  const resized = await rowAndSum(client);
  expect(resized.row).toBe(resized.sum);

  await client.execute(`DELETE FROM "Job" WHERE "id" % 2 = 0`);
  const thinned = await rowAndSum(client);
  expect(thinned.row).toBe(thinned.sum);
  await client.execute(`DELETE FROM "Job"`);
  expect(await rowAndSum(client)).toEqual({ row: 0, sum: 0 });
});

test("with the row deleted by hand, the quota reads the live jobs' sum, not an empty spool", async () => {
  await migrateDatabase(url);
  client = openSqliteConnection(url);
  await insertJob(client, "held", 6_000);
  await insertJob(client, "released", 1_000);
  await client.execute(`DELETE FROM "LiveSpoolBytes"`);
  expect(await rowAndSum(client)).toEqual({ row: 6_000, sum: 6_000 });
  await insertJob(client, "incoming", 50);
  expect(await rowAndSum(client)).toEqual({ row: 6_050, sum: 6_050 });
});

test("a transaction rolled back takes its change of the row with it", async () => {
  await migrateDatabase(url);
  client = openSqliteConnection(url);
  const kept = await insertJob(client, "held", 4_000);
  const transaction = await client.transaction("write");
  await transaction.execute({ sql: `INSERT INTO "Job" ("id", "ownerName", "ownerIdentifiedBy", "state", "sizeBytes", "expiresAt") VALUES (?, 'bertil', 'trusted-name', 'held', 9000, '2030-01-01T00:00:00.000Z')`, args: [nextId++] });
  await transaction.execute({ sql: `UPDATE "Job" SET "state" = 'released' WHERE "id" = ?`, args: [kept] });
  await transaction.rollback();
  expect(await rowAndSum(client)).toEqual({ row: 4_000, sum: 4_000 });
});
