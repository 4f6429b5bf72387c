// Tells a failed release that certainly printed nothing from one that may have printed.
//
// Once the driver started sending, only a printer that answered (an IPP or HTTP refusal) or a
// connection that never opened proves nothing was printed. A reset or a silence after bytes left
// leaves the outcome unknown, and such a job must never be printed again without its owner. So does
// an LPD server that refuses the document once it has every byte of it (refused-after-data).
import type { PrintvaktError } from "../../core/errors.js";

/** Driver failure reasons that can happen after document bytes reached the printer. */
const UNKNOWN_AFTER_SENDING: ReadonlySet<string> = new Set(["connection-reset", "printer-not-responding", "connection-failed", "printer-answer-malformed", "connection-lost-while-sending", "refused-after-data"]);

/**
 * A conversion that fails after its output passed the hold-back (run-converter.ts holdBack) has
 * already streamed part of the document to the printer, which may print what it got: the same
 * unknown as a connection lost while sending. One that fails within the hold-back never reaches a
 * driver, so sending has not started and the job is kept.
 */
const CONVERSION_STOPPED: ReadonlySet<string> = new Set(["conversion-failed", "conversion-timeout", "conversion-too-large", "conversion-limit"]);

export function mayHavePrinted(failure: PrintvaktError, sendingStarted: boolean): boolean {
  if (!sendingStarted) return false;
  const reason = String(failure.details?.["reason"] ?? "");
  return UNKNOWN_AFTER_SENDING.has(reason) || CONVERSION_STOPPED.has(failure.code);
}
