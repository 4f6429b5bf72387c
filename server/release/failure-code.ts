// The stable code of a failed release, which screens put in the person's own language: what a
// kiosk hears in job:progress "failed", and what a job held back keeps.
import { socketCodeOf } from "../../core/error-answers.js";
import type { PrintvaktError } from "../../core/errors.js";
import type { FailureCode } from "./release-types.js";

/**
 * What a job's stateReasonCode can be besides an error code (core/errors.ts) a release failed with:
 * kiosks and the console have their own words for each (test/console/held-reason-words.test.ts).
 */
export const HELD_REASON_CODES = [
  "unavailable",
  "unsupported",
  "printer-refused",
  "printer-stopped-job",
  "may-have-printed",
  // printer-fit.ts refusals
  "not-convertible",
  "too-large",
  "no-printer",
  "conversion-unavailable",
  // run-converter.ts failures
  "conversion-failed",
  "conversion-timeout",
  "conversion-too-large",
  "conversion-limit",
  // interrupted-releases.ts
  "release-interrupted",
  "release-not-sent",
] as const;

/** Printer driver reasons that mean "the printer said no before taking any of the document". */
const REFUSED_BY_PRINTER: ReadonlySet<string> = new Set(["printer-refused-job"]);

function reasonOf(failure: PrintvaktError): string {
  const reason = failure.details?.["reason"];
  return typeof reason === "string" ? reason : "";
}

/**
 * The one code a kiosk hears (job:progress "failed") and a job held back keeps (Job.stateReasonCode):
 * may-have-printed, printer-refused, or the error's own socket answer — a conversion that stopped
 * has a code of its own (core/errors.ts), so no finer reason is needed beside it.
 */
export function failureCodeOf(failure: PrintvaktError, unknown: boolean): FailureCode {
  if (unknown) return "may-have-printed";
  if (REFUSED_BY_PRINTER.has(reasonOf(failure))) return "printer-refused";
  return socketCodeOf(failure.code);
}
