// Start-up recovery: jobs left in "releasing" by a server that stopped in the middle of a release.
//
// A job whose first document byte could have left (sendStartedAt set, just before sending) may
// have printed: the kernel may have delivered every byte after the process died, or the printer
// was already printing it. Returning it to held made the next badge at a reader-only kiosk print it
// again, so it goes to may-have-printed instead (see job-states.ts): only its owner at a screen
// kiosk, warned, can print it again. A job still waiting for its printer (in the printer's queue,
// or retrying a busy or offline printer) certainly printed nothing and goes back to held.
// Run it before the server listens and before expired jobs are purged, so a recovered job whose
// hold time passed meanwhile is purged in the same start. With several server nodes on one
// database this must run only where no release can be in flight.
import type { Logger } from "../logger.js";
import { appendAudit } from "../store/audit-log.js";
import type { Database, Transaction } from "../store/database.js";
import { listJobs, moveJob, type JobRecord } from "../store/jobs.js";
import { findPrinterById } from "../store/printers.js";

export const INTERRUPTED_REASON = "release interrupted";
export const NOT_SENT_REASON = "release interrupted before anything was sent";
/** Their stateReasonCode, for the kiosk's and the console's own words. */
export const INTERRUPTED_CODE = "release-interrupted";
export const NOT_SENT_CODE = "release-not-sent";

export interface RecoveredReleases {
  /** Back to held: nothing had been sent. */
  held: number[];
  /** To may-have-printed: document bytes may have reached the printer. */
  mayHavePrinted: number[];
}

/** Moves every "releasing" job to held or may-have-printed, with its audit entry. */
export async function recoverInterruptedReleases(db: Database, logger?: Logger): Promise<RecoveredReleases> {
  const recovered: RecoveredReleases = { held: [], mayHavePrinted: [] };
  for (const job of await listJobs(db, ["releasing"], 10_000)) {
    const printer = job.releasedPrinterId === null ? "" : ((await findPrinterById(db, job.releasedPrinterId))?.name ?? "");
    const sent = job.sendStartedAt !== null;
    if (await db.write((tx) => (sent ? toMayHavePrinted(tx, job, printer) : toHeld(tx, job, printer)))) (sent ? recovered.mayHavePrinted : recovered.held).push(job.id);
  }
  if (recovered.mayHavePrinted.length > 0) logger?.warn({ jobs: recovered.mayHavePrinted }, "jobs interrupted mid-release may have printed; only their owners can print them again");
  if (recovered.held.length > 0) logger?.info({ jobs: recovered.held }, "jobs interrupted while waiting for their printer are held again; nothing was sent");
  return recovered;
}

async function toMayHavePrinted(tx: Transaction, job: JobRecord, printer: string): Promise<boolean> {
  if (!(await moveJob(tx, job.id, "releasing", "may-have-printed", { stateReason: INTERRUPTED_REASON, stateReasonCode: INTERRUPTED_CODE }))) return false;
  await appendAudit(tx, { type: "job.release-unknown", actor: "system", subject: `job:${job.id}`, details: { owner: job.ownerName, printer, reason: INTERRUPTED_REASON } });
  return true;
}

async function toHeld(tx: Transaction, job: JobRecord, printer: string): Promise<boolean> {
  const cleared = { stateReason: NOT_SENT_REASON, stateReasonCode: NOT_SENT_CODE, releasedAt: null, releasedPrinterId: null, releasedKioskId: null };
  if (!(await moveJob(tx, job.id, "releasing", "held", cleared))) return false;
  await appendAudit(tx, { type: "job.release-not-sent", actor: "system", subject: `job:${job.id}`, details: { owner: job.ownerName, printer, reason: NOT_SENT_REASON } });
  return true;
}
