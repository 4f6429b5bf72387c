// A job row as the store's own SQL reads it (past Prisma), decoded as findJob answers it (toRecord),
// with the columns Prisma returns besides. One place, so every raw reader of a whole job (the
// release's reads, a submission's resend inside its transaction) decodes it alike: blobs arrive from
// the database thread as latin1 strings, dates as stored, sizes as numbers.
import type { JobState } from "../jobs/job-states.js";
import type { JobRecord } from "./jobs.js";
import { storedBytesOrNull, storedDate, storedDateOrNull } from "./sql-values.js";

/** The columns of a job in the schema's order (as Prisma answers), the order jobFromRow reads them. */
export const JOB_COLUMNS = [
  "id", "ownerName", "ownerIdentifiedBy", "sourceAddress", "state", "stateReason", "stateReasonCode", "documentFormat", "sniffedFormat", "sizeBytes", "pages", "template",
  "sealedTitle", "wrappedKey", "masterKeyId", "spoolId", "pinHash", "submittedAt", "expiresAt", "releasedAt", "releasedPrinterId", "releasedKioskId", "printerJobId",
  "sendStartedAt", "destroyedAt", "jobUuid", "documentDigest", "holdDueHeldMs",
] as const;

/** findJob's twin: one job by id, JOB_COLUMNS in order. */
export const FIND_JOB = `SELECT ${JOB_COLUMNS.map((column) => `"${column}"`).join(", ")} FROM "Job" WHERE "id" = ?`;

/** A row of JOB_COLUMNS as findJob answers it. */
export function jobFromRow(row: unknown[]): JobRecord {
  const job = Object.fromEntries(JOB_COLUMNS.map((column, index) => [column, row[index]])) as Record<(typeof JOB_COLUMNS)[number], unknown>;
  return {
    ...(job as unknown as JobRecord),
    state: job.state as JobState,
    sizeBytes: Number(job.sizeBytes),
    holdDueHeldMs: Number(job.holdDueHeldMs),
    template: JSON.parse(job.template as string) as Record<string, unknown>,
    sealedTitle: storedBytesOrNull(job.sealedTitle),
    wrappedKey: storedBytesOrNull(job.wrappedKey),
    submittedAt: storedDate(job.submittedAt),
    expiresAt: storedDate(job.expiresAt),
    releasedAt: storedDateOrNull(job.releasedAt),
    sendStartedAt: storedDateOrNull(job.sendStartedAt),
    destroyedAt: storedDateOrNull(job.destroyedAt),
  };
}
