// The printer has a job, but writing "released" failed (the database locked by another process for
// longer than a write waits, a full disk, an I/O error). The job stays releasing — nobody can claim
// it, so it cannot print again — and the record is tried again in the background with back-off
// until it is written, so the job ends released rather than "may have printed" once the database
// takes writes again. If the server stops first, start-up recovery makes it may-have-printed.
import { setTimeout as sleep } from "node:timers/promises";
import { toPrintvaktError } from "../../core/errors.js";
import type { Logger } from "../logger.js";

export interface RecordRetry {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Gives up after this long; the job then waits for start-up recovery. */
  giveUpAfterMs: number;
}

export const RECORD_RETRY: Readonly<RecordRetry> = Object.freeze({ firstDelayMs: 1_000, maxDelayMs: 30_000, giveUpAfterMs: 60 * 60_000 });

/** Writes `record` now; if that fails, keeps trying in the background. Never rejects. */
export async function recordUntilWritten(record: () => Promise<void>, jobId: number, logger: Logger, retry: RecordRetry = RECORD_RETRY): Promise<void> {
  try {
    await record();
    return;
  } catch (error) {
    logger.error({ jobId, err: toPrintvaktError(error).message }, "printed, but the release could not be recorded; trying again until it is");
  }
  void keepTrying(record, jobId, logger, retry);
}

async function keepTrying(record: () => Promise<void>, jobId: number, logger: Logger, retry: RecordRetry): Promise<void> {
  const until = Date.now() + retry.giveUpAfterMs;
  for (let delayMs = retry.firstDelayMs; Date.now() < until; delayMs = Math.min(delayMs * 2, retry.maxDelayMs)) {
    // Unreferenced: a server shutting down does not wait for this; recovery takes over at start.
    await sleep(delayMs, undefined, { ref: false });
    try {
      await record();
      logger.info({ jobId }, "the release was recorded after all");
      return;
    } catch {
      // Logged once above; the next try follows.
    }
  }
  logger.error({ jobId }, "the release could still not be recorded; the job stays releasing until the next start, which marks it may-have-printed");
}
