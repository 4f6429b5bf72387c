// The stable code of a failed release, which screens put in the person's own language: what a
// kiosk hears in job:progress "failed", and (finer, for a job held back) what the job keeps.
import type { PrintvaktError } from "../../core/errors.js";
import type { FailureCode } from "./release-types.js";

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

/** A conversion failure's code (run-converter.ts), for the kiosk's text in the person's language. */
export function conversionFailureOf(failure: PrintvaktError): string | undefined {
  const reason = reasonOf(failure);
  return reason.startsWith("conversion-") ? reason : undefined;
}
