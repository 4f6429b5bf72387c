// Destroys a job: forget its key and title and record the audit entry in one transaction, then
// unlink the ciphertext, and empty SQLite's write-ahead log of the old row (its key and title).
// See the design notes in job-states.ts for why this order.
import type { JsonValue } from "../audit/entry.js";
import type { Logger } from "../logger.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { appendAudit } from "../store/audit-log.js";
import type { Database, Transaction } from "../store/database.js";
import { destroyJob } from "../store/jobs.js";
import { scrubWriteAheadLog } from "../store/sqlite-maintenance.js";
import type { JobState } from "./job-states.js";

export interface Destruction {
  jobId: number;
  from: readonly JobState[];
  to: JobState;
  audit: { type: string; actor: string | null; details: Record<string, JsonValue> };
  stateReason?: string;
  /** Extra writes in the same transaction (a release records printer and kiosk). */
  alsoInTransaction?: (tx: Transaction) => Promise<void>;
}

export interface DestructionOptions {
  /**
   * The caller destroys many jobs in a row and calls scrubAfterDestruction once after the batch
   * (a checkpoint per job of a 500-job purge would be 500 fsyncs). Default: scrubbed before return.
   */
  inBatch?: boolean;
}

/** True when this call destroyed the job; false when it was no longer in one of `from`. */
export async function destroyJobAndFile(db: Database, spool: SpoolStore, logger: Logger, destruction: Destruction, options: DestructionOptions = {}): Promise<boolean> {
  const { destroyed, spoolId } = await db.write(async (tx) => {
    const outcome = await destroyJob(tx, destruction.jobId, destruction.from, destruction.to, { stateReason: destruction.stateReason ?? "" });
    if (!outcome.destroyed) return outcome;
    await destruction.alsoInTransaction?.(tx);
    await appendAudit(tx, { ...destruction.audit, subject: `job:${destruction.jobId}` });
    return outcome;
  });
  if (destroyed && spoolId) {
    // The key is already gone, so a failure here leaves only unreadable bytes, which the
    // start-up sweep removes; it must not turn a completed destruction into an error.
    await spool.removeJob(spoolId).catch((error: unknown) => logger.warn({ jobId: destruction.jobId, err: String(error) }, "spool file not removed; the start-up sweep will"));
  }
  if (destroyed && !options.inBatch) await scrubAfterDestruction(db, logger);
  return destroyed;
}

/**
 * Until the write-ahead log is checkpointed and truncated it still holds the page versions from
 * before the destruction, wrapped key and sealed title included, beside the master key. A failure
 * here does not undo the destruction: the retention tick empties the log again within one tick.
 */
export async function scrubAfterDestruction(db: Database, logger: Logger): Promise<void> {
  try {
    if (!(await scrubWriteAheadLog(db))) logger.warn("write-ahead log still in use after a destruction; the retention tick empties it");
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "write-ahead log not emptied after a destruction; the retention tick empties it");
  }
}
