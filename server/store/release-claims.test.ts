// The SQL a release claims through must write exactly what the Prisma path it replaces wrote
// (claimReleaseKey + moveJob + storeReleaseOutcome, markSendStarted), and refuse what it refused.
import { expect, test } from "vitest";
import { JobTransitionRefused, type JobState } from "../jobs/job-states.js";
import { writeInSteps, type Database } from "./database.js";
import { createJob, findJob, markSendStarted, moveJob, type JobRecord } from "./jobs.js";
import { claimJobForRelease, recordSendStarted } from "./release-claims.js";
import { claimReleaseKey, findReleaseRequest, storeReleaseOutcome, type ReleaseKey } from "./release-requests.js";
import { openSqliteConnection } from "./sqlite-connection.js";
import { useMigratedDatabase } from "../../test/support/migrated-database.js";

let db: Database;
let url: string;
useMigratedDatabase("release-claims", ({ url: file, handles: [opened] }) => {
  db = opened!;
  url = file;
});

const HOUR = 3_600_000;
const seal = (jobId: number) => ({ wrappedKey: Buffer.from(`key ${jobId}`), sealedTitle: Buffer.from(`title ${jobId}`) });

async function heldJob(state: "held" | "incoming" = "held", reason = "printer was out of paper"): Promise<number> {
  const job = await db.write(async (tx) => {
    const created = await createJob(tx, { ownerName: "anna", ownerIdentifiedBy: "test", sourceAddress: "127.0.0.1", state, documentFormat: "application/pdf", sizeBytes: 10, template: {}, masterKeyId: "00", spoolId: null, pinHash: null, expiresAt: new Date(Date.now() + HOUR), holdDueHeldMs: 0n }, seal);
    if (state === "held") await moveJob(tx, created.id, "held", "held", { stateReason: reason, stateReasonCode: "printer-paper-out" });
    return created;
  });
  return job.id;
}

/** The job's row as stored, what differs between two jobs made a moment apart aside (id, key, title, arrival), with the dates' text as SQLite holds it. */
async function storedJob(id: number): Promise<Record<string, unknown>> {
  const connection = openSqliteConnection(url);
  try {
    const { rows } = await connection.execute({ sql: `SELECT * FROM "Job" WHERE "id" = ?`, args: [id] });
    const { id: _id, wrappedKey: _key, sealedTitle: _title, submittedAt: _submitted, expiresAt: _expires, ...rest } = rows[0]!;
    return { ...rest };
  } finally {
    connection.close();
  }
}

async function storedRequestDates(key: string): Promise<string[]> {
  const connection = openSqliteConnection(url);
  try {
    const { rows } = await connection.execute({ sql: `SELECT "createdAt" FROM "ReleaseRequest" WHERE "key" = ?`, args: [key] });
    return rows.map((row) => typeof row.createdAt);
  } finally {
    connection.close();
  }
}

const keyOf = (key: string): ReleaseKey => ({ kioskId: 7, sessionId: "session-1", key });
const releasedAt = new Date("2026-12-07T05:00:00.123Z");
const claimOf = (jobId: number, from: JobState = "held") => ({ jobId, ownerName: "anna", from, releasedAt, printerId: 3, kioskId: 7 });

/** The Prisma path the SQL claim replaces, as release-service.ts ran it. */
async function claimThroughPrisma(jobId: number, releaseKey: ReleaseKey, answer: string): Promise<boolean> {
  return db.write(async (tx) => {
    if (!(await claimReleaseKey(tx, releaseKey, [jobId])).first) return false;
    const moved = await moveJob(tx, jobId, "held", "releasing", { stateReason: "", stateReasonCode: null, releasedAt, releasedPrinterId: 3, releasedKioskId: 7, sendStartedAt: null });
    if (moved) await storeReleaseOutcome(tx, releaseKey, answer);
    return moved;
  });
}

test("a claim in one message stores the same job row and the same key row as the Prisma path", async () => {
  const [throughPrisma, throughSql] = [await heldJob(), await heldJob()];
  expect(await claimThroughPrisma(throughPrisma, keyOf("prisma"), `[{"jobId":1}]`)).toBe(true);
  const claimed = await claimJobForRelease(db, claimOf(throughSql), { releaseKey: keyOf("sql"), jobIds: [throughSql], claim: true, answer: `[{"jobId":1}]` });

  expect(claimed).toEqual({ repeated: false, claimed: true, answerStored: true });
  expect(await storedJob(throughSql)).toEqual(await storedJob(throughPrisma));
  const [prismaRow, sqlRow] = [await findReleaseRequest(db, keyOf("prisma")), await findReleaseRequest(db, keyOf("sql"))];
  expect({ ...sqlRow, createdAt: undefined, jobIds: JSON.parse(sqlRow!.jobIds) }).toEqual({ ...prismaRow, createdAt: undefined, jobIds: [throughSql] });
  expect(Math.abs(sqlRow!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  expect(await storedRequestDates("sql")).toEqual(await storedRequestDates("prisma"));
});

test("a key claimed before changes nothing and answers what was stored under it", async () => {
  const jobId = await heldJob();
  await db.write((tx) => claimReleaseKey(tx, keyOf("twice"), [jobId]).then(() => storeReleaseOutcome(tx, keyOf("twice"), "first answer")));
  const before = await storedJob(jobId);

  expect(await claimJobForRelease(db, claimOf(jobId), { releaseKey: keyOf("twice"), jobIds: [jobId], claim: true, answer: "second answer" })).toEqual({ repeated: true, earlierAnswer: "first answer" });
  expect(await storedJob(jobId)).toEqual(before);
  expect((await findReleaseRequest(db, keyOf("twice")))!.outcome).toBe("first answer");
});

test("a job that is no longer in the state it was read in is not claimed, and no answer is stored for it", async () => {
  const jobId = await heldJob();
  await db.write((tx) => moveJob(tx, jobId, "held", "releasing"));
  const before = await storedJob(jobId);

  const claimed = await claimJobForRelease(db, claimOf(jobId), { releaseKey: keyOf("lost"), jobIds: [jobId], claim: true, answer: "accepted" });

  expect(claimed).toEqual({ repeated: false, claimed: false, answerStored: false });
  expect(await storedJob(jobId)).toEqual(before);
  // The key is claimed all the same: the release goes on and stores its answer later.
  expect((await findReleaseRequest(db, keyOf("lost")))!.outcome).toBe("pending");
});

test("the state table decides: a move it does not allow (incoming → releasing) throws before anything is written", async () => {
  const jobId = await heldJob("incoming");
  const before = await storedJob(jobId);

  await expect(claimJobForRelease(db, claimOf(jobId, "incoming"), { releaseKey: keyOf("incoming"), jobIds: [jobId], claim: true })).rejects.toBeInstanceOf(JobTransitionRefused);
  expect(await storedJob(jobId)).toEqual(before);
  expect(await findReleaseRequest(db, keyOf("incoming"))).toBeNull();
});

test("the state check is in the UPDATE itself: a job read as held but now incoming is not claimed", async () => {
  const jobId = await heldJob("incoming");
  // Read as held (a stale read), claimed as held: the WHERE refuses it.
  const claimed = await claimJobForRelease(db, claimOf(jobId, "held"));
  expect(claimed).toEqual({ repeated: false, claimed: false, answerStored: false });
  expect((await findJob(db, jobId))!.state).toBe("incoming");
});

test("the owner check is in the UPDATE itself: a claim for another person changes nothing and stores no answer", async () => {
  const jobId = await heldJob();
  const before = await storedJob(jobId);

  const claimed = await claimJobForRelease(db, { ...claimOf(jobId), ownerName: "bertil" }, { releaseKey: keyOf("not-hers"), jobIds: [jobId], claim: true, answer: "accepted" });

  expect(claimed).toEqual({ repeated: false, claimed: false, answerStored: false });
  expect(await storedJob(jobId)).toEqual(before);
  expect((await findReleaseRequest(db, keyOf("not-hers")))!.outcome).toBe("pending");
});

test("a claim without a key (a reader-only kiosk), and the answer stored with a key claimed earlier", async () => {
  const [keyless, later] = [await heldJob(), await heldJob()];
  expect(await claimJobForRelease(db, claimOf(keyless))).toEqual({ repeated: false, claimed: true, answerStored: false });
  expect((await findJob(db, keyless))!.state).toBe("releasing");

  await db.write((tx) => claimReleaseKey(tx, keyOf("earlier"), [later]));
  expect(await claimJobForRelease(db, claimOf(later), { releaseKey: keyOf("earlier"), jobIds: [later], claim: false, answer: "the answer" })).toEqual({ repeated: false, claimed: true, answerStored: true });
  expect((await findReleaseRequest(db, keyOf("earlier")))!.outcome).toBe("the answer");
});

test("a may-have-printed job is claimed again from that state", async () => {
  const jobId = await heldJob();
  await db.write((tx) => moveJob(tx, jobId, "held", "releasing").then(() => moveJob(tx, jobId, "releasing", "may-have-printed")));
  expect(await claimJobForRelease(db, claimOf(jobId, "may-have-printed"))).toMatchObject({ claimed: true });
  expect((await findJob(db, jobId))!.state).toBe("releasing");
});

test("a statement that fails rolls the whole message back: no key is left claimed without its job", async () => {
  const jobId = await heldJob();
  await expect(
    writeInSteps(db, (tx) =>
      tx.commit([
        { sql: `INSERT INTO "ReleaseRequest" ("kioskId", "sessionId", "key", "jobIds") VALUES (7, 's', 'rolled-back', '[]') RETURNING "id"`, args: [] },
        { sql: `UPDATE "Job" SET "state" = 'releasing' WHERE "id" = ?`, args: [jobId], onlyIfRows: 0 },
        { sql: `INSERT INTO "NoSuchTable" VALUES (1)`, args: [] },
      ]),
    ),
  ).rejects.toThrow();
  expect(await findReleaseRequest(db, { kioskId: 7, sessionId: "s", key: "rolled-back" })).toBeNull();
  expect((await findJob(db, jobId))!.state).toBe("held");
  // The writes thread is free again for the next transaction.
  expect(await claimJobForRelease(db, claimOf(jobId))).toMatchObject({ claimed: true });
});

test("a statement that depends on one that answered no rows does not run, nor one that depends on it", async () => {
  const jobId = await heldJob();
  const answers = await writeInSteps(db, (tx) =>
    tx.commit([
      { sql: `UPDATE "Job" SET "stateReason" = 'first' WHERE "id" = ? AND "state" = 'released' RETURNING "id"`, args: [jobId] },
      { sql: `UPDATE "Job" SET "stateReason" = 'second' WHERE "id" = ? RETURNING "id"`, args: [jobId], onlyIfRows: 0 },
      { sql: `UPDATE "Job" SET "stateReason" = 'third' WHERE "id" = ? RETURNING "id"`, args: [jobId], onlyIfRows: 1 },
      { sql: `SELECT "stateReason" FROM "Job" WHERE "id" = ?`, args: [jobId] },
    ]),
  );
  expect(answers).toEqual([[], [], [], [["printer was out of paper"]]]);
});

test("sending started, in one message, stores what markSendStarted stores, and is refused for a job no longer releasing", async () => {
  const [throughPrisma, throughSql, held] = [await heldJob(), await heldJob(), await heldJob()];
  for (const id of [throughPrisma, throughSql]) await claimJobForRelease(db, claimOf(id));
  expect(await db.write((tx) => markSendStarted(tx, throughPrisma))).toBe(true);
  expect(await recordSendStarted(db, throughSql)).toBe(true);
  const [prismaJob, sqlJob] = [await storedJob(throughPrisma), await storedJob(throughSql)];
  expect(typeof sqlJob.sendStartedAt).toBe(typeof prismaJob.sendStartedAt);
  expect(String(sqlJob.sendStartedAt)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  expect(String(prismaJob.sendStartedAt)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  expect((await findJob(db, throughSql))!.sendStartedAt).toBeInstanceOf(Date);

  expect(await recordSendStarted(db, throughSql, false)).toBe(true);
  expect((await findJob(db, throughSql) as JobRecord).sendStartedAt).toBeNull();
  expect(await recordSendStarted(db, held)).toBe(false);
  expect((await findJob(db, held))!.sendStartedAt).toBeNull();
});
