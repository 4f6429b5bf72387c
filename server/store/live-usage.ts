// What the live jobs hold, for quotas: one person's jobs and bytes and the whole spool's bytes.
import { LIVE_STATES } from "../jobs/job-states.js";
import { clientOf, type Reader } from "./database.js";
import { placeholders } from "./sql-values.js";

export interface LiveUsage {
  ownerJobs: number;
  ownerBytes: number;
  spoolBytes: number;
}

/**
 * The whole spool's live bytes: the one row triggers on Job keep (migration live_spool_bytes,
 * schema.prisma's LiveSpoolBytes). Summing the jobs read an index entry per live job, 18-20 ms with
 * 100,000 held, and the recording transaction did it while it held the write lock (issue 13).
 * Should the row be gone (deleted by hand), the sum is read instead (COALESCE stops at the first
 * value that is not NULL): a missing row must not read as an empty spool and lift the cap.
 * Parameters: LIVE_STATES.
 */
export const LIVE_SPOOL_BYTES =
  `SELECT COALESCE((SELECT "bytes" FROM "LiveSpoolBytes" WHERE "id" = 1), ` +
  `(SELECT SUM("sizeBytes") FROM "Job" WHERE "state" IN (${placeholders(LIVE_STATES.length)})), 0)`;

/**
 * One statement for all three: a submission asks twice (before the upload and in the recording
 * transaction), and each statement costs the event loop about half a millisecond of Prisma and
 * driver work whatever it reads (issue 13).
 */
export async function liveUsage(db: Reader, ownerName: string): Promise<LiveUsage> {
  const live = `"state" IN (${placeholders(LIVE_STATES.length)})`;
  // The person's two on the covering index (state, ownerName, sizeBytes), each an index lookup.
  const [row] = await clientOf(db).$queryRawUnsafe<{ ownerJobs: number | bigint | null; ownerBytes: number | bigint | null; spoolBytes: number | bigint | null }[]>(
    `SELECT (SELECT COUNT(*) FROM "Job" WHERE ${live} AND "ownerName" = ?) AS ownerJobs, ` +
      `(SELECT SUM("sizeBytes") FROM "Job" WHERE ${live} AND "ownerName" = ?) AS ownerBytes, ` +
      `(${LIVE_SPOOL_BYTES}) AS spoolBytes`,
    ...LIVE_STATES,
    ownerName,
    ...LIVE_STATES,
    ownerName,
    ...LIVE_STATES,
  );
  return { ownerJobs: Number(row?.ownerJobs ?? 0), ownerBytes: Number(row?.ownerBytes ?? 0), spoolBytes: Number(row?.spoolBytes ?? 0) };
}
