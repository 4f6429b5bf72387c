// Start-up recovery: jobs left in "releasing" by a server that stopped mid-send go back to held.
//
// Whether the printer printed the job is unknown. Holding it again, with the reason "release
// interrupted", lets the owner decide at the kiosk; printing it twice unasked would be worse
// (see job-states.ts). Run it before the server listens and before expired jobs are purged, so a
// recovered job whose hold time passed meanwhile is purged in the same start. With several server
// nodes on one database this must run only where no release can be in flight.
import type { Logger } from "../logger.js";
import { appendAudit } from "../store/audit-log.js";
import type { Database } from "../store/database.js";
import { listJobs, moveJob } from "../store/jobs.js";

export const INTERRUPTED_REASON = "release interrupted";

/** Moves every "releasing" job back to held and audits job.release-interrupted. Returns the job ids. */
export async function recoverInterruptedReleases(db: Database, logger?: Logger): Promise<number[]> {
  const recovered: number[] = [];
  for (const job of await listJobs(db, ["releasing"], 10_000)) {
    const moved = await db.write(async (tx) => {
      if (!(await moveJob(tx, job.id, "releasing", "held", { stateReason: INTERRUPTED_REASON }))) return false;
      await appendAudit(tx, { type: "job.release-interrupted", actor: "system", subject: `job:${job.id}`, details: { owner: job.ownerName } });
      return true;
    });
    if (moved) recovered.push(job.id);
  }
  if (recovered.length > 0) logger?.warn({ jobs: recovered }, "jobs interrupted mid-release are held again");
  return recovered;
}
