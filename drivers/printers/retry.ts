// Exponential back-off, capped and bounded in time, for printers that are busy or unreachable.
import { setTimeout as sleep } from "node:timers/promises";
import { PrintvaktError } from "../../core/errors.js";

export interface RetryPolicy {
  /** Attempts in all, the first one included; unlimited by default, the time bound decides. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** No new attempt starts once this much time has passed since the first (PRINTVAKT_PRINTER_RETRY_FOR). */
  totalMs: number;
}

/**
 * A printer that is busy (another job, warming up, out of paper for a moment) or offline (switched
 * off, rebooting) is tried again over minutes, not seconds (reliability review D8: it was 8 s):
 * waits double from 1 s to at most 30 s, for 5 minutes in all unless configured otherwise. Only
 * failures before the printer took anything are retried at all (see transport-failures.ts).
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  attempts: Number.POSITIVE_INFINITY,
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  totalMs: 5 * 60_000,
});

/** A failure worth another attempt: the printer was busy, refused or dropped the connection. */
export function retryableError(message: string, reason: string, cause?: unknown): PrintvaktError {
  return new PrintvaktError("unavailable", message, {
    userMessage: "The printer is not available right now.",
    details: { reason, retryable: true },
    cause,
  });
}

export function isRetryable(error: unknown): boolean {
  return error instanceof PrintvaktError && error.details?.["retryable"] === true;
}

/** The wait before attempt number `attempt` (2, 3, ...): doubling from the initial delay, capped. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 2));
}

export function abortedError(signal: AbortSignal): PrintvaktError {
  return new PrintvaktError("unavailable", "printer operation aborted", {
    userMessage: "The print operation was stopped.",
    details: { reason: "aborted" },
    cause: signal.reason,
  });
}

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error, or the policy runs out; the
 * last failure is rethrown with the attempt count in its details. `onRetry` hears of each wait.
 * `startedAt` lets several steps of one release (probe, then Print-Job) share one time budget.
 */
export async function withRetry<Result>(
  operation: (attempt: number) => Promise<Result>,
  policy: RetryPolicy,
  onRetry: (attempt: number, delayMs: number, error: PrintvaktError) => void,
  signal?: AbortSignal,
  startedAt: number = Date.now(),
): Promise<Result> {
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw abortedError(signal);
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const failure = error as PrintvaktError;
      const delayMs = backoffDelay(policy, attempt + 1);
      const outOfTime = Date.now() - startedAt + delayMs > policy.totalMs;
      if (attempt >= policy.attempts || outOfTime) {
        throw new PrintvaktError("unavailable", `${failure.message} (gave up after ${attempt} attempts)`, {
          userMessage: failure.userMessage,
          details: { ...failure.details, retryable: false, attempts: attempt },
          cause: failure,
        });
      }
      onRetry(attempt + 1, delayMs, failure);
      try {
        await sleep(delayMs, undefined, signal ? { signal } : {});
      } catch {
        throw abortedError(signal as AbortSignal);
      }
    }
  }
}
