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
 * One statement for all three: a submission asks twice (before the upload and in the recording
 * transaction), and each statement costs the event loop about half a millisecond of Prisma and
 * driver work whatever it reads (issue 13). The spool's sum still reads an index entry per live job.
 */
export async function liveUsage(db: Reader, ownerName: string): Promise<LiveUsage> {
  const live = `"state" IN (${placeholders(LIVE_STATES.length)})`;
  // Three subqueries, each on the covering index (state, ownerName, sizeBytes): the person's two
  // are index lookups, the spool's a scan of the index alone.
  const [row] = await clientOf(db).$queryRawUnsafe<{ ownerJobs: number | bigint | null; ownerBytes: number | bigint | null; spoolBytes: number | bigint | null }[]>(
    `SELECT (SELECT COUNT(*) FROM "Job" WHERE ${live} AND "ownerName" = ?) AS ownerJobs, ` +
      `(SELECT SUM("sizeBytes") FROM "Job" WHERE ${live} AND "ownerName" = ?) AS ownerBytes, ` +
      `(SELECT SUM("sizeBytes") FROM "Job" WHERE ${live}) AS spoolBytes`,
    ...LIVE_STATES,
    ownerName,
    ...LIVE_STATES,
    ownerName,
    ...LIVE_STATES,
  );
  return { ownerJobs: Number(row?.ownerJobs ?? 0), ownerBytes: Number(row?.ownerBytes ?? 0), spoolBytes: Number(row?.spoolBytes ?? 0) };
}
