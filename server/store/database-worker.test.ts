// The database's connections on a worker thread (server/store/sqlite-thread.js): what the server's
// main thread gains, and what must not change (isolation, rollback, error codes).
import { expect, test } from "vitest";
import { appendAudit } from "./audit-log.js";
import type { Database } from "./database.js";
import { useMigratedDatabase } from "../../test/support/migrated-database.js";
import { createPrinter, listPrinters } from "./printers.js";
import { truncateWriteAheadLog } from "./sqlite-maintenance.js";

let db: Database;

useMigratedDatabase("dbworker", ({ handles: [opened] }) => {
  db = opened!;
});

const checkpoint = (keyId: string) => ({ type: "audit.checkpoint" as const, actor: "system", subject: null, details: { keyId } });

test("a read is answered while another caller's write transaction is open, and sees only what was committed", async () => {
  const order: string[] = [];
  let readDone!: () => void;
  const readFinished = new Promise<void>((resolve) => (readDone = resolve));
  const before = await db.prisma.auditEntry.count();
  let seen = -1;
  const writing = db.write(async (tx) => {
    await appendAudit(tx, checkpoint("open-transaction"));
    // The transaction stays open (as one does while a job's document is fsynced) until the read
    // has finished, or 3 s: with one connection for everything, the read waited all that time.
    void db.prisma.auditEntry.count().then((count) => {
      seen = count;
      order.push("read");
      readDone();
    });
    await Promise.race([readFinished, new Promise((resolve) => setTimeout(resolve, 3_000))]);
    order.push("write");
  });
  await writing;
  await readFinished;
  expect(order).toEqual(["read", "write"]);
  expect(seen, "the read saw the committed rows only, not the open transaction's entry").toBe(before);
  expect(await db.prisma.auditEntry.count()).toBe(before + 1);
});

test("a long statement runs beside the event loop, not on it", async () => {
  // Timers that fire while the statement runs: on the event loop's thread SQLite let none fire
  // (the call returns when the statement is done), however idle or busy the machine.
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 5);
  let during = 0;
  try {
    const [row] = await db.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) AS n FROM c",
    );
    during = ticks;
    expect(Number(row!.n)).toBe(3_000_000);
  } finally {
    clearInterval(ticker);
  }
  expect(during, "timer callbacks that ran while SQLite counted to 3 million").toBeGreaterThanOrEqual(5);
});

test("a transaction that fails is rolled back, and the next one finds the writer free", async () => {
  await db.write((tx) => createPrinter(tx, { name: "Kept", uri: "ipp://printer.invalid/ipp/print" }));
  const failed = await db
    .write(async (tx) => {
      await createPrinter(tx, { name: "Rolled back", uri: "ipp://printer.invalid/ipp/print" });
      await createPrinter(tx, { name: "Kept", uri: "ipp://printer.invalid/ipp/print" });
    })
    .catch((error: unknown) => error);
  expect(failed, "the unique violation reached the store as such").toMatchObject({ code: "conflict" });
  await db.write((tx) => createPrinter(tx, { name: "After", uri: "ipp://printer.invalid/ipp/print" }));
  expect((await listPrinters(db)).map((printer) => printer.name).sort()).toEqual(["After", "Kept"]);
});

test("reads and writes sent at once all come back, each with its own answer", async () => {
  const writes = Array.from({ length: 40 }, (_, index) => db.write((tx) => appendAudit(tx, checkpoint(`burst-${index}`))));
  const reads = Array.from({ length: 40 }, () => db.prisma.auditEntry.findFirst({ orderBy: { seq: "asc" }, select: { seq: true } }));
  const [written, read] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
  expect(new Set(written.map((entry) => entry.seq)).size).toBe(40);
  expect(read.every((row) => row?.seq === 1)).toBe(true);
  const rows = await db.prisma.auditEntry.findMany({ orderBy: { seq: "asc" }, select: { seq: true, hash: true, prevHash: true } });
  for (let index = 1; index < rows.length; index++) expect(rows[index]!.prevHash).toBe(rows[index - 1]!.hash);
});

// Found by review: SQLite answers some failures (SQLITE_FULL, SQLITE_IOERR) by rolling the whole
// transaction back itself. The writes thread did not notice, so the callback's next statements ran
// in autocommit, each committed on its own: an audit entry without the change it records.
test("a statement SQLite answers by rolling the transaction back ends it: nothing after it commits on its own", async () => {
  await db.write((tx) => tx.$executeRawUnsafe('CREATE TABLE "Filler" ("x" BLOB)'));
  const [{ page_count: pages }] = await db.prisma.$queryRawUnsafe<[{ page_count: number | bigint }]>("PRAGMA page_count");
  // The writes connection may grow the file by a few pages only: a 1 MB row cannot fit.
  await db.prisma.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(pages) + 4}`);
  try {
    const outcome = await db
      .write(async (tx) => {
        const full = await tx.$executeRawUnsafe('INSERT INTO "Filler" VALUES (randomblob(1000000))').then(() => undefined, (error: unknown) => error);
        expect(String((full as { message?: string })?.message ?? full)).toMatch(/full/i);
        // A caller that goes on after a failure it handled (as constraint violations are handled).
        await tx.$executeRawUnsafe('INSERT INTO "Filler" VALUES (x\'01\')');
      })
      .then(() => "committed", () => "failed");
    expect(outcome).toBe("failed");
  } finally {
    await db.prisma.$queryRawUnsafe("PRAGMA max_page_count = 1073741823");
  }
  const [{ n }] = await db.prisma.$queryRawUnsafe<[{ n: number | bigint }]>('SELECT COUNT(*) AS "n" FROM "Filler"');
  expect(Number(n)).toBe(0);
  await db.write((tx) => tx.$executeRawUnsafe('DROP TABLE "Filler"'));
});

// Found by review: a checkpoint (or any statement that is not a plain SELECT) sent outside a
// transaction waits on the writes thread for the open transaction to end, and Prisma's libsql
// adapter holds its lock meanwhile, so every Prisma read behind it waited for that transaction too.
test("a write-ahead log checkpoint queued behind an open write transaction does not hold up reads", async () => {
  const order: string[] = [];
  let readDone!: () => void;
  const readFinished = new Promise<void>((resolve) => (readDone = resolve));
  let truncation: Promise<boolean> | undefined;
  await db.write(async (tx) => {
    await appendAudit(tx, checkpoint("checkpoint-queued"));
    truncation = truncateWriteAheadLog(db);
    // Time for the checkpoint to reach the adapter, which has no hook to wait on. Too short a
    // pause could only let the old code pass, never fail the new: the read is then simply first.
    await new Promise((resolve) => setTimeout(resolve, 100));
    void db.prisma.auditEntry.count().then(() => {
      order.push("read");
      readDone();
    });
    // Open until the read has finished, or 3 s: before, the read waited all that time.
    await Promise.race([readFinished, new Promise((resolve) => setTimeout(resolve, 3_000))]);
    order.push("write");
  });
  await readFinished;
  await truncation;
  expect(order).toEqual(["read", "write"]);
});
