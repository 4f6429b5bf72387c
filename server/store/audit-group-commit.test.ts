// Group commit of lone audit entries: fewer transactions, same guarantees for each caller.
import { expect, test } from "vitest";
import { appendAuditAlone } from "./audit-group-commit.js";
import { appendAudit, readAudit } from "./audit-log.js";
import type { Database } from "./database.js";
import { openSqliteConnection } from "./sqlite-connection.js";
import { useMigratedDatabase } from "../../test/support/migrated-database.js";

let url: string;
let db: Database;

useMigratedDatabase("group-commit", ({ url: opened, handles: [handle] }) => {
  url = opened;
  db = handle!;
});

/** The database, with its write transactions counted (and, if asked, the next one failed). */
function counted(): { db: Database; transactions: () => number; failNext: () => void } {
  let transactions = 0;
  let fail = false;
  const wrapped: Database = {
    prisma: db.prisma,
    close: () => db.close(),
    write: (work) => {
      transactions++;
      if (fail) {
        fail = false;
        return Promise.reject(new Error("the disk went away"));
      }
      return db.write(work);
    },
  };
  return { db: wrapped, transactions: () => transactions, failNext: () => (fail = true) };
}

const session = (n: number) => ({ type: "session.ended" as const, actor: `user:u${n}`, subject: "kiosk:Plan 3", details: { sessionId: `s${n}`, reason: "logout", released: 0, deleted: 0, durationSeconds: n } });

/** Each entry follows the one before it: the next seq, linked by the hash. */
function chained(entries: { seq: number; hash: string; prevHash: string }[]): boolean {
  return entries.every((entry, index) => index === 0 || (entry.seq === entries[index - 1]!.seq + 1 && entry.prevHash === entries[index - 1]!.hash));
}

async function allEntries() {
  const entries = [];
  for await (const entry of readAudit(db, {})) entries.push(entry);
  return entries;
}

test("60 entries handed in at once are committed in a few transactions, each caller gets its own entry, in the order handed in", async () => {
  const { db: counting, transactions } = counted();
  const handedIn = Date.now();
  const written = await Promise.all(Array.from({ length: 60 }, (_, n) => appendAuditAlone(counting, session(n))));
  expect(written.map((entry) => entry.actor)).toEqual(Array.from({ length: 60 }, (_, n) => `user:u${n}`));
  const seqs = written.map((entry) => entry.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(new Set(seqs).size).toBe(60);
  expect(transactions(), "transactions for 60 entries").toBeLessThanOrEqual(3);
  for (const entry of written) expect(entry.at.getTime()).toBeGreaterThanOrEqual(handedIn - 1);
  const entries = await allEntries();
  expect(chained(entries)).toBe(true);
  expect(entries.filter((entry) => entry.type === "session.ended")).toHaveLength(60);
  // What each caller was handed is what was stored, hash and all: a group is written in one INSERT.
  expect(entries.filter((entry) => entry.type === "session.ended")).toEqual(written);
});

test("an entry the event table refuses is refused alone; the others handed in with it are written", async () => {
  const before = (await allEntries()).length;
  const results = await Promise.allSettled([
    appendAuditAlone(db, session(100)),
    appendAuditAlone(db, { ...session(101), details: { sessionId: "s101", cardNumber: "4711" } }),
    appendAuditAlone(db, session(102)),
  ]);
  expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect((await allEntries()).length).toBe(before + 2);
});

// Found by review: text canonical JSON cannot encode (a NUL a kiosk sent) passed the event table's
// check and failed inside the group's transaction, refusing up to 200 other people's entries.
test("an entry with text that cannot be encoded is refused alone; the others handed in with it are written", async () => {
  const before = (await allEntries()).length;
  const results = await Promise.allSettled([
    appendAuditAlone(db, session(110)),
    appendAuditAlone(db, { ...session(111), details: { ...session(111).details, sessionId: "s111\u0000" } }),
    appendAuditAlone(db, { ...session(112), actor: "user:\ud800" }),
    appendAuditAlone(db, session(113)),
  ]);
  expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
  expect((await allEntries()).length).toBe(before + 2);
});

test("a transaction that fails refuses every entry in it, writes none of them, and the next entries are written", async () => {
  const { db: failing, failNext } = counted();
  const before = (await allEntries()).length;
  failNext();
  const lost = await Promise.allSettled([appendAuditAlone(failing, session(200)), appendAuditAlone(failing, session(201))]);
  expect(lost.map((result) => result.status)).toEqual(["rejected", "rejected"]);
  expect((await allEntries()).length).toBe(before);
  const later = await appendAuditAlone(failing, session(202));
  expect(later.actor).toBe("user:u202");
  const entries = await allEntries();
  expect(entries.length).toBe(before + 1);
  expect(chained(entries)).toBe(true);
});

test("a group's rows are stored as appendAudit stores an entry, dates in the same text form", async () => {
  const alone = await db.write((tx) => appendAudit(tx, session(300)));
  const grouped = await Promise.all([appendAuditAlone(db, session(301)), appendAuditAlone(db, session(302))]);
  const file = openSqliteConnection(url);
  try {
    const stored = await file.execute({ sql: `SELECT "seq", typeof("at") AS atType, "at", "details" FROM "AuditEntry" WHERE "seq" IN (?, ?, ?) ORDER BY "seq"`, args: [alone.seq, ...grouped.map((entry) => entry.seq)] });
    const shape = (row: Record<string, unknown>) => ({ atType: row.atType, at: String(row.at).replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}/, "TIME"), details: JSON.parse(String(row.details)) as unknown });
    const [first, ...rest] = stored.rows.map((row) => shape(row));
    expect(first).toEqual({ atType: "text", at: "TIME+00:00", details: alone.details });
    expect(rest).toEqual(grouped.map((entry) => ({ ...first, details: entry.details })));
  } finally {
    file.close();
  }
});
