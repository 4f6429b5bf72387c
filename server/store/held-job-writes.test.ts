// A submission's transaction written as SQL in the store (held-job-writes.ts) must store what the
// Prisma writers it stands in for store: the same job row and audit row, column by column and in
// the same SQL types (dates as the same text), the chain linked the same way.
import { describe, expect, test } from "vitest";
import { verifyChain } from "../audit/verify.js";
import { appendAudit, appendAuditAfter, readAudit, type AuditRecord } from "./audit-log.js";
import { writeInSteps, type Database } from "./database.js";
import { useMigratedDatabase } from "../../test/support/migrated-database.js";
import { commitAudit, commitJob, commitJobWithAudit, findJobInSteps } from "./held-job-writes.js";
import { createJob, createJobAs, findJob, moveJob, type NewJob } from "./jobs.js";
import { JOB_STATES } from "../jobs/job-states.js";
import { recordingFacts, recordingFactsInSteps, type RepeatMatch } from "./submission-facts.js";

let db: Database;
const HOUR = 3_600_000;
const now = Date.now();
let spoolIds = 0;

function job(fields: Partial<NewJob> = {}): NewJob {
  return {
    ownerName: "anna", ownerIdentifiedBy: "requesting-user-name", sourceAddress: "127.0.0.1", state: "held", documentFormat: "application/pdf", sniffedFormat: "application/pdf",
    sizeBytes: 1_000_000, pages: 3, template: { copies: 2, sides: "two-sided-long-edge", "media-col": { "media-size": { "x-dimension": 21000 } } }, masterKeyId: "k1",
    spoolId: `spool-${++spoolIds}`, pinHash: "$argon2id$pin", expiresAt: new Date(now + 4 * HOUR), holdDueHeldMs: 123_456_789_012n, jobUuid: "urn:uuid:6f1d", documentDigest: "digest", ...fields,
  };
}
// Every byte value, so a blob that passed through text would show.
const sealed = { wrappedKey: Buffer.from(Array.from({ length: 256 }, (_, n) => n)), sealedTitle: Buffer.from([0, 255, 128, 10, 13, 0]) };
const submitted = (id: number, at?: Date): AuditRecord => ({ type: "job.submitted", actor: "user:anna", subject: `job:${id}`, details: { identifiedBy: "requesting-user-name", peer: "127.0.0.1", operation: "Print-Job", documentFormat: "application/pdf", sizeBytes: 1_000_000, pages: 3, copies: 2, titleHash: "t" }, ...(at ? { at } : {}) });
const nothingToMatch: RepeatMatch = { jobUuid: null, documentDigest: null, since: new Date(now - 10_000) };

useMigratedDatabase("held-job-writes", ({ handles: [opened] }) => {
  db = opened!;
});

/** A row as SQLite holds it: each column's type and its value as SQL text (quote), so text and integers, or two date forms, differ. */
async function storedRow(table: "Job" | "AuditEntry", key: "id" | "seq", value: number): Promise<Record<string, string>> {
  const columns = (await db.prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM pragma_table_info('${table}')`)).map((row) => row.name);
  const [row] = await db.prisma.$queryRawUnsafe<Record<string, string>[]>(`SELECT ${columns.map((column) => `typeof("${column}") || ':' || quote("${column}") AS "${column}"`).join(", ")} FROM "${table}" WHERE "${key}" = ?`, value);
  return row!;
}

/** The Prisma path record-held-job.ts took: the facts, createJobAs, appendAuditAfter. */
function throughPrisma(fields: Partial<NewJob>, at?: Date) {
  return db.write(async (tx) => {
    const facts = await recordingFacts(tx, "anna", nothingToMatch);
    const created = await createJobAs(tx, facts.nextJobId, job(fields), () => sealed);
    const entry = await appendAuditAfter(tx, facts.lastAudit, submitted(created.id, at));
    return { job: created, entry };
  });
}

function inSteps(fields: Partial<NewJob>, at?: Date) {
  return writeInSteps(db, async (tx) => {
    const facts = await recordingFactsInSteps(tx, "anna", nothingToMatch);
    return commitJobWithAudit(tx, facts.nextJobId, job(fields), sealed, facts.lastAudit, submitted(facts.nextJobId, at));
  });
}

const without = (row: Record<string, string>, ...keys: string[]) => Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)));

describe("commitJobWithAudit", () => {
  const cases: [string, Partial<NewJob>][] = [
    ["a job with every optional column", {}],
    ["a job with none of them (no pages, format sniffed, PIN, uuid or digest)", { sniffedFormat: null, pages: null, pinHash: null, jobUuid: null, documentDigest: null, template: {} }],
    ["a job given its submission time", { submittedAt: new Date(now - 1234) }],
  ];
  for (const [name, fields] of cases) {
    test(`${name}: the job row and the entry's row are stored as createJobAs and appendAuditAfter store them`, async () => {
      const at = new Date(now - 777);
      const viaPrisma = await throughPrisma(fields, at);
      const viaSteps = await inSteps(fields, at);
      expect(viaSteps.job.id).toBe(viaPrisma.job.id + 1);
      const prismaRow = await storedRow("Job", "id", viaPrisma.job.id);
      const stepsRow = await storedRow("Job", "id", viaSteps.job.id);
      // The submission time is each one's own "now" unless given: compared by its stored form.
      const form = (value: string) => value.replace(/\d/g, "0");
      expect(form(stepsRow.submittedAt!)).toBe(form(prismaRow.submittedAt!));
      expect(without(stepsRow, "id", "spoolId", ...(fields.submittedAt ? [] : ["submittedAt"]))).toEqual(without(prismaRow, "id", "spoolId", ...(fields.submittedAt ? [] : ["submittedAt"])));
      // The entries differ in seq and link only (the details name each one's own job).
      const prismaEntry = await storedRow("AuditEntry", "seq", viaPrisma.entry.seq);
      const stepsEntry = await storedRow("AuditEntry", "seq", viaSteps.entry.seq);
      expect(without(stepsEntry, "seq", "subject", "prevHash", "hash")).toEqual(without(prismaEntry, "seq", "subject", "prevHash", "hash"));
      expect(viaSteps.entry).toMatchObject({ seq: viaPrisma.entry.seq + 1, prevHash: viaPrisma.entry.hash, subject: `job:${viaSteps.job.id}` });
    });
  }

  test("the job it returns is the job findJob reads back, as createJobAs returns it", async () => {
    const viaPrisma = await throughPrisma({});
    const viaSteps = await inSteps({ submittedAt: viaPrisma.job.submittedAt });
    expect(viaSteps.job).toEqual(await findJob(db, viaSteps.job.id));
    expect(without(viaSteps.job as unknown as Record<string, string>, "id", "spoolId")).toEqual(without(viaPrisma.job as unknown as Record<string, string>, "id", "spoolId"));
  });

  test("the entries it returns are the ones stored, and the chain with them verifies", async () => {
    const { entry } = await inSteps({});
    const stored = [];
    for await (const read of readAudit(db, {})) stored.push(read);
    expect(stored.at(-1)).toEqual(entry);
    expect(await verifyChain(stored, [], [])).toMatchObject({ ok: true });
  });

  test("a job whose id is taken is refused and nothing of its transaction is kept; the next transaction writes", async () => {
    const { job: first } = await inSteps({});
    const entries = await countEntries();
    await expect(writeInSteps(db, async (tx) => {
      const facts = await recordingFactsInSteps(tx, "anna", nothingToMatch);
      return commitJobWithAudit(tx, first.id, job(), sealed, facts.lastAudit, submitted(first.id));
    })).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    expect(await countEntries()).toBe(entries);
    const { job: next } = await inSteps({});
    expect(next.id).toBe(first.id + 1);
    expect(await countEntries()).toBe(entries + 1);
  });
});

async function countEntries(): Promise<number> {
  let count = 0;
  for await (const _entry of readAudit(db, {})) count += 1;
  return count;
}

test("a transaction whose work fails after its first message keeps nothing and frees the writer", async () => {
  const entries = await countEntries();
  await expect(writeInSteps(db, async (tx) => {
    await recordingFactsInSteps(tx, "anna", nothingToMatch);
    throw new Error("quota");
  })).rejects.toThrow("quota");
  await expect(writeInSteps(db, async (tx) => {
    await tx.run([{ sql: `DELETE FROM "_prisma_migrations" WHERE 0`, args: [] }]);
  })).rejects.toThrow("without its commit");
  // The writer is free: Prisma's transactions and the next in steps go on.
  await db.write((tx) => appendAudit(tx, { type: "audit.checkpoint", actor: "system", subject: null, details: { keyId: "k" } }));
  await writeInSteps(db, async (tx) => commitAudit(tx, (await recordingFactsInSteps(tx, "anna", nothingToMatch)).lastAudit, { type: "audit.checkpoint", actor: "system", subject: null, details: { keyId: "k2" } }));
  expect(await countEntries()).toBe(entries + 2);
});

test("commitAudit stores the entry as appendAuditAfter does", async () => {
  const at = new Date(now - 99);
  const record: AuditRecord = { type: "job.duplicate", actor: "user:anna", subject: "job:1", details: { identifiedBy: "requesting-user-name", peer: "::1", operation: "Print-Job", matchedBy: "document", sizeBytes: 5 }, at };
  const viaPrisma = await db.write(async (tx) => appendAuditAfter(tx, (await recordingFacts(tx, "anna", nothingToMatch)).lastAudit, record));
  const viaSteps = await writeInSteps(db, async (tx) => commitAudit(tx, (await recordingFactsInSteps(tx, "anna", nothingToMatch)).lastAudit, record));
  expect(viaSteps).toMatchObject({ seq: viaPrisma.seq + 1, prevHash: viaPrisma.hash });
  expect(without(await storedRow("AuditEntry", "seq", viaSteps.seq), "seq", "prevHash", "hash")).toEqual(without(await storedRow("AuditEntry", "seq", viaPrisma.seq), "seq", "prevHash", "hash"));
});

describe("findJobInSteps", () => {
  test("answers findJob's record for a held, a released and a destroyed job, and null for no job", async () => {
    const held = await db.write((tx) => createJob(tx, job({ pages: null, sniffedFormat: null }), () => sealed));
    const released = await db.write(async (tx) => {
      const created = await createJob(tx, job(), () => sealed);
      await moveJob(tx, created.id, "held", "releasing", { releasedAt: new Date(now - 500), releasedPrinterId: 7, releasedKioskId: 3, printerJobId: 99, sendStartedAt: new Date(now - 400) });
      await moveJob(tx, created.id, "releasing", "may-have-printed", { stateReason: "printer went away", stateReasonCode: "printer-not-responding" });
      return created;
    });
    for (const id of [held.id, released.id, 999_999]) {
      const inside = await writeInSteps(db, async (tx) => {
        const found = await findJobInSteps(tx, id);
        await tx.commit([]);
        return found;
      });
      expect(inside).toEqual(await findJob(db, id));
    }
  });
});

describe("recordingFactsInSteps", () => {
  test("answers recordingFacts' facts for a repeat by uuid, by document, and for none", async () => {
    const { job: first } = await inSteps({ jobUuid: "urn:uuid:facts", documentDigest: "facts-digest", ownerName: "anna" });
    const matches: RepeatMatch[] = [
      { jobUuid: "urn:uuid:facts", documentDigest: null, since: new Date(now - 10_000) },
      { jobUuid: null, documentDigest: "facts-digest", since: new Date(now - 10_000) },
      { jobUuid: null, documentDigest: "facts-digest", since: new Date(Date.now() + HOUR) },
      nothingToMatch,
    ];
    for (const match of matches) {
      const inSteps = await writeInSteps(db, async (tx) => {
        const facts = await recordingFactsInSteps(tx, "anna", match);
        await tx.commit([]);
        return facts;
      });
      expect(inSteps).toEqual(await db.write((tx) => recordingFacts(tx, "anna", match)));
    }
    expect((await writeInSteps(db, async (tx) => {
      const facts = await recordingFactsInSteps(tx, "anna", matches[1]!);
      await tx.commit([]);
      return facts;
    })).repeatedJobId).toBe(first.id);
  });
});

test("a job written as SQL is born incoming or held, as createJob's are: any later state is refused before anything is sent", async () => {
  const { INSERTED_JOB_COLUMNS, newJobStatement } = await import("./jobs.js");
  const values = Object.fromEntries(INSERTED_JOB_COLUMNS.map((column) => [column, null])) as Record<(typeof INSERTED_JOB_COLUMNS)[number], unknown>;
  for (const state of ["incoming", "held"]) expect(newJobStatement({ ...values, state }).sql).toMatch(/^INSERT INTO "Job"/);
  for (const state of JOB_STATES.filter((state) => state !== "incoming" && state !== "held")) expect(() => newJobStatement({ ...values, state })).toThrow(expect.objectContaining({ code: "not-possible" }));
});

describe("commitJob", () => {
  test("an incoming job without its document (Create-Job's) is stored as createJob stores it, and returned as findJob reads it", async () => {
    const incoming = { state: "incoming" as const, sizeBytes: 0, pages: null, sniffedFormat: null, spoolId: null, documentDigest: null, submittedAt: new Date(now - 5) };
    const viaPrisma = await db.write((tx) => createJob(tx, job(incoming), () => sealed));
    const entries = await countEntries();
    const viaSteps = await writeInSteps(db, async (tx) => commitJob(tx, (await recordingFactsInSteps(tx, "anna", nothingToMatch)).nextJobId, job(incoming), sealed));
    expect(viaSteps.id).toBe(viaPrisma.id + 1);
    expect(without(await storedRow("Job", "id", viaSteps.id), "id")).toEqual(without(await storedRow("Job", "id", viaPrisma.id), "id"));
    expect(viaSteps).toEqual(await findJob(db, viaSteps.id));
    expect(await countEntries(), "no entry: the job is audited when its document arrives").toBe(entries);
  });
});
