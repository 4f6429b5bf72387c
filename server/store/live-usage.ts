// What the live jobs hold, for quotas: one person's jobs and bytes and the whole spool's bytes.
import { LIVE_STATES } from "../jobs/job-states.js";
import { clientOf, type Reader } from "./database.js";

export interface LiveUsage {
  ownerJobs: number;
  ownerBytes: number;
  spoolBytes: number;
}

/**
 * One statement for all three: a submission asks twice (before the upload and in the recording
 * transaction), and each statement costs the event loop about half a millisecond of Prisma and
 * driver work whatever it reads (issue 13). The spool's sum reads every live job, as it did alone.
 */
export async function liveUsage(db: Reader, ownerName: string): Promise<LiveUsage> {
  const placeholders = LIVE_STATES.map(() => "?").join(", ");
  const [row] = await clientOf(db).$queryRawUnsafe<{ ownerJobs: number | bigint | null; ownerBytes: number | bigint | null; spoolBytes: number | bigint | null }[]>(
    `SELECT SUM("ownerName" = ?) AS ownerJobs, SUM(CASE WHEN "ownerName" = ? THEN "sizeBytes" ELSE 0 END) AS ownerBytes, SUM("sizeBytes") AS spoolBytes FROM "Job" WHERE "state" IN (${placeholders})`,
    ownerName,
    ownerName,
    ...LIVE_STATES,
  );
  return { ownerJobs: Number(row?.ownerJobs ?? 0), ownerBytes: Number(row?.ownerBytes ?? 0), spoolBytes: Number(row?.spoolBytes ?? 0) };
}
