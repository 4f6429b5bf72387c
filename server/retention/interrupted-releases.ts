// Start-up recovery: jobs left in "releasing" by a server that stopped mid-send may have printed.
//
// Whether the printer printed the job is unknown: the kernel may have delivered every byte after
// the process died, or the printer was already printing it. Returning it to held made the next
// badge at a reader-only kiosk print it again, so it goes to may-have-printed instead (see
// job-states.ts): only its owner at a screen kiosk, warned, can print it again. Run it before the
// server listens and before expired jobs are purged, so a recovered job whose hold time passed
// meanwhile is purged in the same start. With several server nodes on one database this must run
// only where no release can be in flight.
import type { Logger } from "../logger.js";
import { appendAudit } from "../store/audit-log.js";
import type { Database } from "../store/database.js";
import { listJobs, moveJob } from "../store/jobs.js";
import { findPrinterById } from "../store/printers.js";

export const INTERRUPTED_REASON = "release interrupted";

/** Moves every "releasing" job to may-have-printed and audits job.release-unknown. Returns the job ids. */
export async function recoverInterruptedReleases(db: Database, logger?: Logger): Promise<number[]> {
  const recovered: number[] = [];
  for (const job of await listJobs(db, ["releasing"], 10_000)) {
    const printer = job.releasedPrinterId === null ? "" : ((await findPrinterById(db, job.releasedPrinterId))?.name ?? "");
    const moved = await db.write(async (tx) => {
      if (!(await moveJob(tx, job.id, "releasing", "may-have-printed", { stateReason: INTERRUPTED_REASON }))) return false;
      await appendAudit(tx, { type: "job.release-unknown", actor: "system", subject: `job:${job.id}`, details: { owner: job.ownerName, printer, reason: INTERRUPTED_REASON } });
      return true;
    });
    if (moved) recovered.push(job.id);
  }
  if (recovered.length > 0) logger?.warn({ jobs: recovered }, "jobs interrupted mid-release may have printed; only their owners can print them again");
  return recovered;
}
