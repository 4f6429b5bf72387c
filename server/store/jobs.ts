// Print jobs: creation, owner-scoped lookups, guarded state transitions and destruction.
import { assertMove, EXPIRABLE_STATES, isTerminal, JobTransitionRefused, LIVE_STATES, type JobState } from "../jobs/job-states.js";
import { clientOf, readRowsInOneTrip, type Database, type Reader, type Statement, type Transaction } from "./database.js";
import { placeholders } from "./sql-values.js";
import { PrintvaktError } from "../../core/errors.js";

export interface JobRecord {
  id: number;
  ownerName: string;
  ownerIdentifiedBy: string;
  sourceAddress: string;
  state: JobState;
  stateReason: string;
  /** Why it was held back, as a stable code screens word in the person's language; null: nothing held it back. */
  stateReasonCode: string | null;
  documentFormat: string;
  sniffedFormat: string | null;
  sizeBytes: number;
  pages: number | null;
  template: Record<string, unknown>;
  sealedTitle: Buffer | null;
  wrappedKey: Buffer | null;
  spoolId: string | null;
  pinHash: string | null;
  submittedAt: Date;
  expiresAt: Date;
  releasedAt: Date | null;
  releasedPrinterId: number | null;
  releasedKioskId: number | null;
  printerJobId: number | null;
  /** When a release's first document byte could leave for the printer (null: nothing was sent). */
  sendStartedAt: Date | null;
  destroyedAt: Date | null;
  jobUuid: string | null;
  documentDigest: string | null;
  /** The held-time clock's reading at which the hold is up (server/jobs/held-time.ts). */
  holdDueHeldMs: number;
}

type JobRow = Omit<JobRecord, "state" | "sizeBytes" | "template" | "sealedTitle" | "wrappedKey" | "holdDueHeldMs"> & {
  state: string;
  sizeBytes: bigint;
  holdDueHeldMs: bigint;
  template: string;
  sealedTitle: Uint8Array | null;
  wrappedKey: Uint8Array | null;
};

/** Prisma's Bytes fields take a Uint8Array over a plain ArrayBuffer; Buffers may share a pool. */
function bytes(value: Buffer | null | undefined): Uint8Array<ArrayBuffer> | null | undefined {
  if (value === undefined || value === null) return value;
  const copy = new Uint8Array(new ArrayBuffer(value.length));
  copy.set(value);
  return copy;
}

/** The columns stored in another form than the record has them (a whole row or a selection of columns). */
type Stored = Pick<JobRow, "state" | "sizeBytes" | "template" | "sealedTitle" | "wrappedKey">;

function decoded<T extends Stored>(row: T): Omit<T, keyof Stored> & Pick<JobRecord, keyof Stored> {
  return {
    ...row,
    state: row.state as JobState,
    sizeBytes: Number(row.sizeBytes),
    template: JSON.parse(row.template) as Record<string, unknown>,
    sealedTitle: row.sealedTitle ? Buffer.from(row.sealedTitle) : null,
    wrappedKey: row.wrappedKey ? Buffer.from(row.wrappedKey) : null,
  };
}

export function toRecord(row: JobRow): JobRecord {
  return { ...decoded(row), holdDueHeldMs: Number(row.holdDueHeldMs) };
}

/** A new job's row as stored, keys and titles aside. */
function storedJob(job: NewJob) {
  return { ...job, sizeBytes: BigInt(job.sizeBytes), template: JSON.stringify(job.template), sniffedFormat: job.sniffedFormat ?? null };
}

export interface NewJob {
  ownerName: string;
  ownerIdentifiedBy: string;
  sourceAddress: string;
  state: "incoming" | "held";
  documentFormat: string;
  sniffedFormat?: string | null;
  sizeBytes: number;
  /** Pages counted in the document as it arrived (F7), null when its format tells none. */
  pages?: number | null;
  template: Record<string, unknown>;
  masterKeyId: string;
  spoolId: string | null;
  pinHash: string | null;
  expiresAt: Date;
  /** The held-time clock's reading at which the hold is up, like expiresAt on the wall clock. */
  holdDueHeldMs: bigint;
  jobUuid?: string | null;
  documentDigest?: string | null;
  /** When it arrived; the database's clock when left out. */
  submittedAt?: Date;
}

/**
 * Creates a job. Its key and title are sealed with the job id as context, which exists only once
 * the row does, so `seal` runs between insert and commit: no reader ever sees a job without them.
 */
export async function createJob(tx: Transaction, job: NewJob, seal: (jobId: number) => { wrappedKey: Buffer; sealedTitle: Buffer }): Promise<JobRecord> {
  const created = await tx.job.create({
    data: storedJob(job),
    select: { id: true },
  });
  const sealed = seal(created.id);
  const row = await tx.job.update({ where: { id: created.id }, data: { wrappedKey: bytes(sealed.wrappedKey), sealedTitle: bytes(sealed.sealedTitle) } });
  return toRecord(row);
}

/**
 * Creates a job under an id read earlier in this same transaction (recordingFacts' nextJobId), so
 * its key and title are sealed before the row is written: one insert instead of createJob's insert
 * and update. The transaction holds the write lock from its first statement, so nobody else can
 * take the id meanwhile; were it ever taken, the primary key refuses the insert (the submission
 * fails) rather than touch the other row.
 */
export async function createJobAs(tx: Transaction, id: number, job: NewJob, seal: (jobId: number) => { wrappedKey: Buffer; sealedTitle: Buffer }): Promise<JobRecord> {
  const sealed = seal(id);
  const row = await tx.job.create({
    data: { ...storedJob(job), id, wrappedKey: bytes(sealed.wrappedKey), sealedTitle: bytes(sealed.sealedTitle) },
  });
  return toRecord(row);
}

/** What createJobAs writes, in this order; the other columns take their defaults, as there. */
export const INSERTED_JOB_COLUMNS = ["id", "ownerName", "ownerIdentifiedBy", "sourceAddress", "state", "documentFormat", "sniffedFormat", "sizeBytes", "pages", "template", "sealedTitle", "wrappedKey", "masterKeyId", "spoolId", "pinHash", "submittedAt", "expiresAt", "jobUuid", "documentDigest", "holdDueHeldMs"] as const;
const INSERT_JOB = `INSERT INTO "Job" (${INSERTED_JOB_COLUMNS.map((column) => `"${column}"`).join(", ")}) VALUES (${placeholders(INSERTED_JOB_COLUMNS.length)})`;

/**
 * createJobAs's insert as a statement, for a transaction the store writes as SQL
 * (held-job-writes.ts). It lives here because only this module writes job rows: a job is born
 * incoming or held, never in a later state, whichever way it is written. `values` are bound as
 * the caller prepared them (dates as sql-values.ts binds them).
 */
export function newJobStatement(values: Record<(typeof INSERTED_JOB_COLUMNS)[number], unknown>): Statement {
  if (values.state !== "incoming" && values.state !== "held") throw new PrintvaktError("not-possible", `a job is created incoming or held, not ${String(values.state)}`);
  return { sql: INSERT_JOB, args: INSERTED_JOB_COLUMNS.map((column) => values[column]) };
}

/** Whether `id` could name a job: the Job table's id is a positive 32-bit Int, so any other id finds nothing. */
export function isPossibleJobId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1 && id <= 2_147_483_647;
}

export async function findJob(db: Reader, id: number): Promise<JobRecord | null> {
  if (!isPossibleJobId(id)) return null;
  const row = await clientOf(db).job.findUnique({ where: { id } });
  return row ? toRecord(row) : null;
}

export async function listJobsOfOwner(db: Reader, ownerName: string, states: readonly JobState[], limit = 1_000): Promise<JobRecord[]> {
  const rows = await clientOf(db).job.findMany({ where: { ownerName, state: { in: [...states] } }, orderBy: { id: "asc" }, take: limit });
  return rows.map(toRecord);
}

/** What a kiosk's job list shows of a job, and what opening its title takes. */
export type JobListing = Pick<
  JobRecord,
  "id" | "state" | "stateReason" | "stateReasonCode" | "sizeBytes" | "pages" | "template" | "pinHash" | "wrappedKey" | "sealedTitle" | "submittedAt" | "releasedAt" | "releasedPrinterId"
>;

const listingColumns = {
  id: true,
  state: true,
  stateReason: true,
  stateReasonCode: true,
  sizeBytes: true,
  pages: true,
  template: true,
  pinHash: true,
  wrappedKey: true,
  sealedTitle: true,
  submittedAt: true,
  releasedAt: true,
  releasedPrinterId: true,
} as const;

/**
 * An owner's jobs as a kiosk lists them, lowest id first: only the columns the list needs, which
 * halves the query's cost on every badge (issue 13).
 */
export async function listJobListingsOfOwner(db: Reader, ownerName: string, states: readonly JobState[], limit: number): Promise<JobListing[]> {
  const rows = await clientOf(db).job.findMany({ where: { ownerName, state: { in: [...states] } }, orderBy: { id: "asc" }, take: limit, select: listingColumns });
  return rows.map(decoded);
}

export async function listJobs(db: Reader, states: readonly JobState[], limit = 1_000): Promise<JobRecord[]> {
  const rows = await clientOf(db).job.findMany({ where: { state: { in: [...states] } }, orderBy: { id: "asc" }, take: limit });
  return rows.map(toRecord);
}

/** How many jobs are in any of these states (the queue's queued-job-count). */
export async function countJobs(db: Reader, states: readonly JobState[]): Promise<number> {
  return clientOf(db).job.count({ where: { state: { in: [...states] } } });
}

export interface JobChanges {
  stateReason?: string;
  stateReasonCode?: string | null;
  spoolId?: string | null;
  sizeBytes?: number;
  pages?: number | null;
  documentFormat?: string;
  sniffedFormat?: string | null;
  template?: Record<string, unknown>;
  sealedTitle?: Buffer | null;
  releasedAt?: Date | null;
  releasedPrinterId?: number | null;
  releasedKioskId?: number | null;
  printerJobId?: number | null;
  sendStartedAt?: Date | null;
  expiresAt?: Date;
  holdDueHeldMs?: bigint;
}

/**
 * Moves a job from one state to another only if it is still in `from` (UPDATE … WHERE id = ? AND
 * state IN (…)): two kiosks or a kiosk and the retention timer racing for the same job cannot both
 * win. Returns false when it lost. A move the state table does not allow throws before any write.
 */
export async function moveJob(tx: Transaction, id: number, from: JobState | readonly JobState[], to: JobState, changes: JobChanges = {}): Promise<boolean> {
  assertMove(from, to);
  const result = await tx.job.updateMany({
    where: { id, state: { in: typeof from === "string" ? [from] : [...from] } },
    data: {
      ...changes,
      state: to,
      sizeBytes: changes.sizeBytes === undefined ? undefined : BigInt(changes.sizeBytes),
      template: changes.template === undefined ? undefined : JSON.stringify(changes.template),
      sealedTitle: bytes(changes.sealedTitle),
    },
  });
  return result.count === 1;
}

/**
 * Moves a job to a terminal state and forgets its key and sealed title in the same statement:
 * from this commit on, its spool file and title are unreadable. Returns the spool id to unlink.
 */
export async function destroyJob(tx: Transaction, id: number, from: readonly JobState[], to: JobState, changes: JobChanges = {}): Promise<{ destroyed: boolean; spoolId: string | null }> {
  assertMove(from, to);
  if (!isTerminal(to)) throw new JobTransitionRefused(from[0] ?? to, to);
  const job = await tx.job.findUnique({ where: { id }, select: { spoolId: true } });
  const result = await tx.job.updateMany({
    where: { id, state: { in: [...from] } },
    data: { ...changes, sizeBytes: undefined, sealedTitle: null, state: to, wrappedKey: null, pinHash: null, documentDigest: null, destroyedAt: new Date(), template: "{}" },
  });
  return { destroyed: result.count === 1, spoolId: job?.spoolId ?? null };
}

/** Live jobs whose hold time has passed on both clocks: the wall clock and the held-time clock (`heldNow`). */
export async function listExpiredJobs(db: Reader, now: Date, heldNow: number, limit = 500): Promise<JobRecord[]> {
  const rows = await clientOf(db).job.findMany({
    where: { state: { in: [...EXPIRABLE_STATES] }, expiresAt: { lte: now }, holdDueHeldMs: { lte: BigInt(Math.floor(heldNow)) } },
    orderBy: { expiresAt: "asc" },
    take: limit,
  });
  return rows.map(toRecord);
}

/**
 * The first job a resent submission repeats, if any: the same owner's job with the same job-uuid
 * that is still live or arrived since `since`, or the same owner's job with the same document
 * digest that arrived since `since`. Run it in the transaction that would record the new job, so
 * that concurrent resends queue behind each other and all find the first.
 */
export async function findRepeatedJob(db: Reader, ownerName: string, match: { jobUuid: string | null; documentDigest: string | null; since: Date }): Promise<JobRecord | null> {
  const either = [];
  if (match.jobUuid !== null) {
    either.push({ jobUuid: match.jobUuid, state: { in: [...LIVE_STATES] } }, { jobUuid: match.jobUuid, submittedAt: { gte: match.since } });
  }
  if (match.documentDigest !== null) either.push({ documentDigest: match.documentDigest, submittedAt: { gte: match.since } });
  if (either.length === 0) return null;
  const row = await clientOf(db).job.findFirst({ where: { ownerName, OR: either }, orderBy: { id: "asc" } });
  return row ? toRecord(row) : null;
}

/** Forgets the document digests of jobs that arrived before `before`: they matter only within the duplicate window. */
export async function forgetDocumentDigests(tx: Transaction, before: Date): Promise<number> {
  const result = await tx.job.updateMany({ where: { documentDigest: { not: null }, submittedAt: { lt: before } }, data: { documentDigest: null } });
  return result.count;
}

/**
 * Which of these spool ids still have a key, i.e. files the orphan sweep must keep. Asked a page at
 * a time (spoolId is unique, so each id is one index lookup): loading every live id at once blocked
 * the event loop for half a second with 100,000 held jobs (issue 13).
 */
export function liveSpoolIdsAmong(db: Database, spoolIds: readonly string[]): Promise<Set<string>> {
  return spoolIdsNamedAmong(db, spoolIds, ' AND "wrappedKey" IS NOT NULL');
}

/**
 * Which of these spool ids any job row names, live or destroyed (a destroyed job keeps its spoolId):
 * the start counts complete files that no row names, which only a crashed upload or a database
 * older than the spool directory leaves. Asked for a page of ids at a time.
 */
export function spoolIdsOfAnyJobAmong(db: Database, spoolIds: readonly string[]): Promise<Set<string>> {
  return spoolIdsNamedAmong(db, spoolIds, "");
}

/**
 * Which of `spoolIds` a job row names, among the rows `alsoWhere` (a fixed SQL condition) keeps.
 * One JSON parameter instead of one placeholder per id, sent to the reads thread past Prisma:
 * Prisma's query interpreter was a fifth of the retention tick's CPU on the event loop with 100,000
 * held jobs (bench/retention-tick.ts).
 */
async function spoolIdsNamedAmong(db: Database, spoolIds: readonly string[], alsoWhere: string): Promise<Set<string>> {
  if (spoolIds.length === 0) return new Set();
  const [rows] = await readRowsInOneTrip(db, [{ sql: `SELECT "spoolId" FROM "Job" WHERE "spoolId" IN (SELECT value FROM json_each(?))${alsoWhere}`, args: [JSON.stringify(spoolIds)] }]);
  return new Set(rows!.map((row) => row[0] as string));
}

/** keyedJobDocumentsAfter's statement; exported for the test that holds SQLite to its plan. */
export const KEYED_JOB_DOCUMENTS_SQL =
  'SELECT "id", "spoolId", "state" FROM "Job" WHERE "id" > ? AND "wrappedKey" IS NOT NULL AND "spoolId" IS NOT NULL ORDER BY "id" LIMIT ?';

/**
 * Jobs that still have a key and name a spool file, a page at a time in id order after `afterId`,
 * each marked live or not: what the start compares with the spool directory, to find live jobs
 * whose document is gone and the files the orphan sweep must keep (liveSpoolIdsAmong's rule).
 */
export async function keyedJobDocumentsAfter(db: Database, afterId: number, limit: number): Promise<{ id: number; spoolId: string; live: boolean }[]> {
  // Walked along the primary key, the state tested in JavaScript: given Prisma's query with a state
  // filter, SQLite took the state index and sorted every live job by id for each page, a full pass
  // per page: with 100,000 held jobs the start took 43 s ("server up in" of npm run bench:release).
  // Past Prisma (readRowsInOneTrip): its interpreter decoding 100,000 rows was most of what was left.
  const [rows] = await readRowsInOneTrip(db, [{ sql: KEYED_JOB_DOCUMENTS_SQL, args: [afterId, limit] }]);
  return rows!.map(([id, spoolId, state]) => ({ id: Number(id), spoolId: spoolId as string, live: (LIVE_STATES as readonly string[]).includes(state as string) }));
}

/**
 * Marks, durably, that a releasing job's document may reach the printer from now on (`started`),
 * or that the printer refused that attempt before taking anything (not `started`). Not a state
 * change (the job stays releasing); returns false when the job is no longer releasing.
 */
export async function markSendStarted(tx: Transaction, id: number, started = true): Promise<boolean> {
  const result = await tx.job.updateMany({ where: { id, state: "releasing" }, data: { sendStartedAt: started ? new Date() : null } });
  return result.count === 1;
}

/**
 * A release's claim of a job (`from` → releasing) as a statement, for the claim the store writes as
 * SQL (release-claims.ts): moveJob's twin, here because only this module writes job rows. The state
 * table is asked first (a move it does not allow throws before anything is sent), and `from` is in
 * the WHERE, so a job that moved since it was read is not touched; RETURNING answers a row only
 * when the job was claimed. `ownerName` too: the owner was checked on the row read before, and the
 * claim itself refuses another person's job should that check ever be skipped or the row change.
 * Clears what an earlier attempt left (reason, sendStartedAt).
 */
export function claimForReleaseStatement(claim: { jobId: number; ownerName: string; from: JobState; releasedAt: string; printerId: number; kioskId: number }): Statement {
  assertMove(claim.from, "releasing");
  return {
    sql: `UPDATE "Job" SET "state" = 'releasing', "stateReason" = '', "stateReasonCode" = NULL, "releasedAt" = ?, "releasedPrinterId" = ?, "releasedKioskId" = ?, "sendStartedAt" = NULL WHERE "id" = ? AND "state" = ? AND "ownerName" = ? RETURNING "id"`,
    args: [claim.releasedAt, claim.printerId, claim.kioskId, claim.jobId, claim.from, claim.ownerName],
  };
}

/** markSendStarted as a statement (release-claims.ts): `at` null lifts the mark; a row back only while the job is releasing. */
export function sendStartedStatement(jobId: number, at: string | null): Statement {
  return { sql: `UPDATE "Job" SET "sendStartedAt" = ? WHERE "id" = ? AND "state" = 'releasing' RETURNING "id"`, args: [at, jobId] };
}

/** Records where and how a job was released (in the transaction that destroys it). */
export async function recordRelease(tx: Transaction, id: number, release: { printerId: number; kioskId: number; printerJobId: number | null }): Promise<void> {
  await tx.job.update({
    where: { id },
    data: { releasedAt: new Date(), releasedPrinterId: release.printerId, releasedKioskId: release.kioskId, printerJobId: release.printerJobId },
  });
}

export interface JobHistoryRow {
  state: JobState;
  submittedAt: Date;
  releasedAt: Date | null;
  releasedPrinterId: number | null;
  destroyedAt: Date | null;
}

/** When jobs alive at any time since `since` came and went, for the console's charts: no titles, owners or keys. */
export async function jobHistorySince(db: Reader, since: Date, limit = 100_000): Promise<JobHistoryRow[]> {
  const rows = await clientOf(db).job.findMany({
    where: { state: { not: "incoming" }, OR: [{ destroyedAt: null }, { destroyedAt: { gte: since } }] },
    select: { state: true, submittedAt: true, releasedAt: true, releasedPrinterId: true, destroyedAt: true },
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.map((row) => ({ ...row, state: row.state as JobState }));
}

/** Every job of `from` now belongs to `to`: a directory rename keeps held jobs collectable. */
export async function renameJobOwner(tx: Transaction, from: string, to: string): Promise<number> {
  const result = await tx.job.updateMany({ where: { ownerName: from }, data: { ownerName: to } });
  return result.count;
}

/** Jobs that still have a key, counted by the id of the master key that wrapped it (reliability review D3). */
export async function liveJobsByMasterKey(db: Reader): Promise<Map<string, number>> {
  const rows = await clientOf(db).job.groupBy({ by: ["masterKeyId"], where: { wrappedKey: { not: null } }, _count: { _all: true } });
  return new Map(rows.map((row) => [row.masterKeyId ?? "unknown", row._count._all]));
}

/** Jobs that still have a key wrapped by a master key other than `masterKeyId`: that key cannot open them. */
export async function listJobsUnderOtherMasterKeys(db: Reader, masterKeyId: string): Promise<JobRecord[]> {
  const rows = await clientOf(db).job.findMany({ where: { wrappedKey: { not: null }, OR: [{ masterKeyId: { not: masterKeyId } }, { masterKeyId: null }] }, orderBy: { id: "asc" } });
  return rows.map(toRecord);
}
