// The stable code of a failed release, which screens put in the person's own language: what a
// kiosk hears in job:progress "failed", and (finer, for a job held back) what the job keeps.
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

/** The code a kiosk hears: may-have-printed, printer-refused, or the error's own code. */
export function failureCodeOf(failure: PrintvaktError, unknown: boolean): FailureCode {
  if (unknown) return "may-have-printed";
  if (REFUSED_BY_PRINTER.has(reasonOf(failure))) return "printer-refused";
  return failure.code;
}

/** The code a job held back keeps (Job.stateReasonCode): a conversion's own reason where there is one, else what the kiosk heard. */
export function heldReasonCodeOf(failure: PrintvaktError, unknown: boolean): string {
  return (unknown ? undefined : conversionFailureOf(failure)) ?? failureCodeOf(failure, unknown);
}

/** A conversion failure's code (run-converter.ts), for the kiosk's text in the person's language. */
export function conversionFailureOf(failure: PrintvaktError): string | undefined {
  const reason = reasonOf(failure);
  return reason.startsWith("conversion-") ? reason : undefined;
}
