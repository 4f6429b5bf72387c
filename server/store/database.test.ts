// Two processes writing the same database file: a transaction kept busy by the other is retried.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { appendAudit } from "./audit-log.js";
import { openDatabase, type Database } from "./database.js";
import { migrateDatabase } from "./migrate.js";

let folder: string;
let first: Database;
let second: Database;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "printvakt-db-"));
  const url = `file:${path.join(folder, "shared.db")}`;
  await migrateDatabase(url);
  // Two handles with separate connection pools stand for the server and the admin CLI.
  [first, second] = await Promise.all([openDatabase(url), openDatabase(url)]);
});
afterAll(async () => {
  await Promise.all([first?.close(), second?.close()]);
  await rm(folder, { recursive: true, force: true });
});

test("two writers appending to the audit chain at once both succeed, and the chain has no gap", async () => {
  const append = (db: Database, actor: string) => db.write((tx) => appendAudit(tx, { type: "audit.checkpoint", actor: "system", subject: null, details: { keyId: actor } }));
  const writes: Promise<unknown>[] = [];
  for (let round = 0; round < 40; round++) writes.push(append(first, "first"), append(second, "second"));
  await Promise.all(writes);
  const rows = await first.prisma.auditEntry.findMany({ orderBy: { seq: "asc" } });
  expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 80 }, (_, index) => index + 1));
  for (let index = 1; index < rows.length; index++) expect(rows[index]!.prevHash).toBe(rows[index - 1]!.hash);
});
