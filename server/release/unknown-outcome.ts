// Tells a failed release that certainly printed nothing from one that may have printed.
//
// Once the driver started sending, only a printer that answered (an IPP or HTTP refusal) or a
// connection that never opened proves nothing was printed. A reset or a silence after bytes left
// leaves the outcome unknown, and such a job must never be printed again without its owner. So does
// an LPD server that refuses the document once it has every byte of it (refused-after-data).
import type { PrintvaktError } from "../../core/errors.js";

/** Driver failure reasons that can happen after document bytes reached the printer. */
const UNKNOWN_AFTER_SENDING: ReadonlySet<string> = new Set(["connection-reset", "printer-not-responding", "connection-failed", "printer-answer-malformed", "connection-lost-while-sending", "refused-after-data"]);

export function mayHavePrinted(failure: PrintvaktError, sendingStarted: boolean): boolean {
  if (!sendingStarted) return false;
  return UNKNOWN_AFTER_SENDING.has(String(failure.details?.["reason"] ?? ""));
}
