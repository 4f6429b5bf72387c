// A submission's write transaction as statements written here, sent to the database's writes thread
// past Prisma (writeInSteps in database.ts): the facts read under the write lock in the message
// that begins it, then the job row, its audit entry and the COMMIT in one more. Through Prisma the
// same transaction was six round trips (BEGIN, the writer's claim, the facts, the job, the entry,
// COMMIT) and about 4 ms of Prisma's work on the event loop, all between the document's last octet
// and the answer (issue 13). Each statement twins a Prisma writer (createJobAs, appendAuditAfter,
// findJob); held-job-writes.test.ts holds them to the same stored rows and records.
import type { AuditEntry } from "../audit/entry.js";
import { auditInsert, entryAfter, type AuditRecord } from "./audit-log.js";
import type { Statement, StepTransaction } from "./database.js";
import { INSERTED_JOB_COLUMNS, newJobStatement, type JobRecord, type NewJob } from "./jobs.js";
import { FIND_JOB, jobFromRow } from "./job-rows.js";
import { boundDate } from "./sql-values.js";

type ChainEnd = { seq: number; hash: string } | null;
type Sealed = { wrappedKey: Buffer; sealedTitle: Buffer };

/**
 * Writes a new job under `id` (recordingFactsInSteps' nextJobId, read in this transaction) with
 * its sealed key and title, and the audit entry `audit` names it by, linked after `last`; commits.
 * One message. Returns the job as findJob would read it back, and the entry.
 */
export async function commitJobWithAudit(tx: StepTransaction, id: number, job: NewJob, sealed: Sealed, last: ChainEnd, audit: AuditRecord): Promise<{ job: JobRecord; entry: AuditEntry }> {
  const { statement, record } = newJob(id, job, sealed);
  const entry = entryAfter(last, audit);
  await tx.commit([statement, auditInsert([entry])]);
  return { job: record, entry };
}

/**
 * Writes a new job under `id` as commitJobWithAudit does, without an entry (Create-Job: its job is
 * audited when its document arrives); commits. One message.
 */
export async function commitJob(tx: StepTransaction, id: number, job: NewJob, sealed: Sealed): Promise<JobRecord> {
  const { statement, record } = newJob(id, job, sealed);
  await tx.commit([statement]);
  return record;
}

/** The job's INSERT (newJobStatement, in jobs.ts) and the job as findJob would read it back. */
function newJob(id: number, job: NewJob, sealed: Sealed): { statement: Statement; record: JobRecord } {
  const template = JSON.stringify(job.template);
  // Prisma's create stamps its @default(now()) on this side too; the database's CURRENT_TIMESTAMP would store another text form.
  const submittedAt = job.submittedAt ?? new Date();
  const record = {
    id,
    ownerName: job.ownerName,
    ownerIdentifiedBy: job.ownerIdentifiedBy,
    sourceAddress: job.sourceAddress,
    state: job.state,
    stateReason: "",
    stateReasonCode: null,
    documentFormat: job.documentFormat,
    sniffedFormat: job.sniffedFormat ?? null,
    sizeBytes: job.sizeBytes,
    pages: job.pages ?? null,
    template: JSON.parse(template) as Record<string, unknown>,
    sealedTitle: sealed.sealedTitle,
    wrappedKey: sealed.wrappedKey,
    masterKeyId: job.masterKeyId,
    spoolId: job.spoolId,
    pinHash: job.pinHash,
    submittedAt,
    expiresAt: job.expiresAt,
    releasedAt: null,
    releasedPrinterId: null,
    releasedKioskId: null,
    printerJobId: null,
    sendStartedAt: null,
    destroyedAt: null,
    jobUuid: job.jobUuid ?? null,
    documentDigest: job.documentDigest ?? null,
    holdDueHeldMs: Number(job.holdDueHeldMs),
  } satisfies JobRecord & { masterKeyId: string };
  const values: Record<(typeof INSERTED_JOB_COLUMNS)[number], unknown> = {
    ...record,
    template,
    submittedAt: boundDate(submittedAt),
    expiresAt: boundDate(job.expiresAt),
    // Copies of their own size: a Buffer from Node's pool would carry the whole pool to the thread.
    sealedTitle: new Uint8Array(sealed.sealedTitle),
    wrappedKey: new Uint8Array(sealed.wrappedKey),
    holdDueHeldMs: job.holdDueHeldMs,
  };
  return { statement: newJobStatement(values), record };
}

/** Appends an audit entry linked after `last` and commits: one message. */
export async function commitAudit(tx: StepTransaction, last: ChainEnd, record: AuditRecord): Promise<AuditEntry> {
  const entry = entryAfter(last, record);
  await tx.commit([auditInsert([entry])]);
  return entry;
}

/** A job read inside the transaction (findJob's twin): the first job a resend repeats. */
export async function findJobInSteps(tx: StepTransaction, id: number): Promise<JobRecord | null> {
  const [rows] = await tx.run([{ sql: FIND_JOB, args: [id] }]);
  const row = rows![0];
  return row === undefined ? null : jobFromRow(row);
}
