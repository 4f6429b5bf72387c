// What a release is asked for and what it answers: the request from a kiosk, the progress events a
// kiosk hears per job, and each job's outcome. Shared by the release service and the kiosk handlers.
import type { KioskRecord } from "../store/kiosks.js";
import type { UserRecord } from "../store/users.js";
import type { PrinterWait } from "./printer-wait.js";

export type ReleaseMode = "screen" | "release-on-badge";

export interface ReleaseRequest {
  user: UserRecord;
  kiosk: KioskRecord;
  /** The keyed hash of the card that opened the session, for auditing PIN failures. */
  cardHash: string;
  mode: ReleaseMode;
  /** For jobs that carry their own job-password. */
  pin?: string;
  /** The owner, warned at a screen, chose to print again jobs that may already have printed. */
  confirmReprint?: boolean;
}

/**
 * What a kiosk hears about a released job. "waiting": the printer is busy or offline and the job
 * goes out at `retryAt` (ISO time) unless the printer is still not ready; nothing has been sent.
 */
export type ReleaseProgress =
  | { jobId: number; state: "sending" }
  /** `reason`: what the printer did not apply (finishing options it does not list), when anything. */
  | { jobId: number; state: "printed"; reason?: string }
  /** `code` says why in a word a screen can put in its own language; `reason` is the English detail. */
  | { jobId: number; state: "failed"; reason: string; code: FailureCode }
  | { jobId: number; state: "waiting"; reason: PrinterWait; retryAt: string };

/**
 * Why a release failed, for kiosks: an error code's socket answer (core/error-answers.ts) such as
 * "unavailable", "unsupported", "not-convertible" or "conversion-timeout"; "printer-stopped-job"
 * (the printer aborted it), "printer-refused" (it said no before taking any of the document, as an
 * LPD server without the queue does), "may-have-printed", or "unrecorded" (the outcome could not be
 * written down).
 */
export type FailureCode = string;

export interface ReleaseOutcome {
  jobId: number;
  outcome: "accepted" | "needs-pin" | "needs-confirmation" | "not-found" | "failed";
  reason?: string;
  /** For "failed": see FailureCode. */
  code?: FailureCode;
  /** A wrong job PIN: tries left before the account locks, or when the lock it caused ends. */
  triesLeft?: number;
  lockedUntil?: string;
}
