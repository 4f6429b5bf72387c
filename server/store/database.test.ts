// Two processes writing the same database file: a transaction kept busy by the other is retried.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { expect, test } from "vitest";
import { appendAudit } from "./audit-log.js";
import { openDatabase, type Database } from "./database.js";
import { createPrinter } from "./printers.js";
import { useMigratedDatabase } from "../../test/support/migrated-database.js";
import { holdWriteLock } from "../../test/support/sqlite-lock.js";

let url: string;
let first: Database;
let second: Database;

// Two handles with connections of their own stand for the server and the admin CLI.
useMigratedDatabase("db", (opened) => {
  url = opened.url;
  [first, second] = opened.handles as [Database, Database];
}, 2);

test("two writers appending to the audit chain at once both succeed, and the chain has no gap", async () => {
  const append = (db: Database, actor: string) => db.write((tx) => appendAudit(tx, { type: "audit.checkpoint", actor: "system", subject: null, details: { keyId: actor } }));
  const writes: Promise<unknown>[] = [];
  for (let round = 0; round < 40; round++) writes.push(append(first, "first"), append(second, "second"));
  await Promise.all(writes);
  const rows = await first.prisma.auditEntry.findMany({ orderBy: { seq: "asc" } });
  expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 80 }, (_, index) => index + 1));
  for (let index = 1; index < rows.length; index++) expect(rows[index]!.prevHash).toBe(rows[index - 1]!.hash);
});

test("a write waiting for another process's write lock succeeds after it, and never stalls the event loop (reliability D7)", async () => {
  const lock = await holdWriteLock(url, 1_500);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 50);
  try {
    // Write first (a new printer), then read and append: a transaction whose first statement
    // writes waited inside SQLite's busy handler, on this thread, for up to the busy timeout.
    const appended = await first.write(async (tx) => {
      await createPrinter(tx, { name: "Plan 3", uri: "ipp://printer.invalid/ipp/print" });
      const before = await tx.auditEntry.count();
      await appendAudit(tx, { type: "audit.checkpoint", actor: "system", subject: null, details: { keyId: "after-lock" } });
      return before;
    });
    expect(appended).toBeGreaterThanOrEqual(80);
  } finally {
    clearInterval(ticker);
    delay.disable();
  }
  await lock.released;
  // The write could only finish after the lock was let go, 1.5 s later; meanwhile timers kept firing.
  expect(ticks).toBeGreaterThanOrEqual(10);
  expect(delay.max / 1e6, "longest event-loop stall in ms").toBeLessThan(100);
  const last = await first.prisma.auditEntry.findFirst({ orderBy: { seq: "desc" } });
  expect(JSON.parse(last!.details)).toMatchObject({ keyId: "after-lock" });
});

test("a transaction that read and then writes is never overtaken: another process's write waits for its commit", async () => {
  const order: string[] = [];
  let interloper: Promise<unknown> | undefined;
  await first.write(async (tx) => {
    await tx.auditEntry.count();
    // Another process's pool writes now. Opened DEFERRED without claiming the lock, it would commit
    // first and this transaction's write would be refused (its snapshot stale) and run again.
    interloper ??= second.write((other) => appendAudit(other, { type: "audit.checkpoint", actor: "system", subject: null, details: { keyId: "interloper" } })).then(() => order.push("interloper"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await appendAudit(tx, { type: "audit.checkpoint", actor: "system", subject: null, details: { keyId: "reader-writer" } });
    order.push("reader-writer");
  });
  await interloper;
  expect(order).toEqual(["reader-writer", "interloper"]);
  const rows = await first.prisma.auditEntry.findMany({ orderBy: { seq: "asc" } });
  for (let index = 1; index < rows.length; index++) expect(rows[index]!.prevHash).toBe(rows[index - 1]!.hash);
});

// The store relies on the write-ahead log: reads beside an open transaction, a COMMIT that never
// waits for readers (so never answers busy: a rollback journal's COMMIT does, and it was not
// retried), checkpoints that scrub destroyed keys. SQLite answers a mode it cannot switch to with
// the mode it stays in, not an error; an in-memory database (DATABASE_URL=file::memory:) is one.
test("a database that cannot use the write-ahead log is refused when opened, naming the file and its journal mode", async () => {
  const refused = await openDatabase("file::memory:").then(
    async (db) => {
      await db.close();
      return "opened";
    },
    (error: unknown) => error,
  );
  expect(refused).toMatchObject({ code: "bad-config", message: 'the database :memory: cannot use SQLite\'s write-ahead log (its journal mode stays "memory"); Printvakt needs a database file on a local file system' });
});
