// Destroys jobs nobody collected in time: held and may-have-printed jobs past their hold time, and
// Create-Job jobs whose document never came. Each purge is the job state machine's destruction (key, title and audit
// entry in one transaction, then the file), so a crash between jobs or mid-job leaves every job
// either still held with key and file, or purged with no key; a file left behind by a crash after
// the commit is unreadable and the orphan sweep removes it.
//
// Per-printer hold times (Printer.holdTimeSeconds) do not apply here: a held follow-me job belongs
// to no printer until its owner releases it somewhere, and letting one printer's setting shorten
// (or stretch) every job would surprise whoever prints. A job's hold time is fixed when its
// document arrives (expiresAt, from PRINTVAKT_HOLD_TIME), and retention reads only expiresAt.
import { destroyJobAndFile, scrubAfterDestruction } from "../jobs/destroy-job.js";
import type { JobState } from "../jobs/job-states.js";
import { PrintvaktError } from "../../core/errors.js";
import type { HeldTime } from "../jobs/held-time.js";
import type { Logger } from "../logger.js";
import type { SpoolStore } from "../spool/spool-store.js";
import type { Database } from "../store/database.js";
import { findJob, listExpiredJobs, type JobRecord } from "../store/jobs.js";

/** Why each purgeable state is purged, as recorded in job.purged's reason. */
const PURGE_REASON: Partial<Record<JobState, string>> = {
  held: "hold-time-expired",
  "may-have-printed": "hold-time-expired",
  incoming: "no-document",
};

const BATCH = 200;

export interface PurgeParts {
  db: Database;
  /** The held-time clock: a job is purged only when it, too, says the hold time is up (held-time.ts). */
  heldTime: HeldTime;
  spool: SpoolStore;
  logger: Logger;
}

/**
 * Purges every job that expired at `now`, in batches. `shouldStop` is asked between jobs so a
 * shutdown does not wait for a long backlog. Returns how many jobs this call purged.
 */
export async function purgeExpiredJobs(parts: PurgeParts, now = new Date(), shouldStop: () => boolean = () => false): Promise<number> {
  let purged = 0;
  try {
    for (;;) {
      const batch = await listExpiredJobs(parts.db, now, parts.heldTime.now(), BATCH);
      const before = purged;
      for (const job of batch) {
        if (shouldStop()) return purged;
        if (await purgeJob(parts, job, now)) purged++;
      }
      // A batch in which nothing could be purged would come back unchanged: stop rather than spin.
      if (batch.length < BATCH || purged === before) return purged;
    }
  } finally {
    if (purged > 0) await scrubAfterDestruction(parts.db, parts.logger);
  }
}

/** The `job.purged` entry of a job destroyed by the system, however its time ran out. */
export function purgedEntry(job: JobRecord, reason: string, now: Date) {
  const heldSeconds = Math.max(0, Math.floor((now.getTime() - job.submittedAt.getTime()) / 1000));
  return { type: "job.purged", actor: "system", details: { owner: job.ownerName, reason, heldSeconds, sizeBytes: job.sizeBytes } } as const;
}

/** False when the job left its state meanwhile (released, cancelled, got its document) or its hold time moved. */
async function purgeJob(parts: PurgeParts, job: JobRecord, now: Date): Promise<boolean> {
  const reason = PURGE_REASON[job.state];
  if (reason === undefined) return false;
  try {
    return await destroyJobAndFile(parts.db, parts.spool, parts.logger, {
      jobId: job.id,
      // Only from the state it was listed in: a job that went on to releasing is never touched.
      from: [job.state],
      to: "purged",
      stateReason: reason,
      audit: purgedEntry(job, reason, now),
      alsoInTransaction: async (tx) => {
        // Listed and destroyed are two steps: if the hold time was extended in between, roll back.
        const current = await findJob(tx, job.id);
        if (current === null || current.expiresAt.getTime() > now.getTime() || current.holdDueHeldMs > parts.heldTime.now()) throw new HoldExtended();
      },
    }, { inBatch: true });
  } catch (error) {
    if (error instanceof HoldExtended) return false;
    throw error;
  }
}

class HoldExtended extends PrintvaktError {
  constructor() {
    super("conflict", "the job's hold time was extended while it was being purged");
  }
}
