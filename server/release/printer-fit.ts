// Whether a printer can take a job, from its known capabilities: as it is, converted, or not at
// all. A job it cannot print is refused at release with a reason, never sent and lost.
import type { ErrorCode } from "../../core/errors.js";
import { planConversion, type ConversionPlan } from "../convert/converters.js";
import type { JobRecord } from "../store/jobs.js";
import type { PrinterRecord } from "../store/printers.js";
import { choosePaper, type PaperChoice } from "./paper-choice.js";
import { abilitiesOf, wantsGrey } from "./printer-abilities.js";

/** Why a job is refused before anything is sent; `code` (core/errors.ts) picks the kiosk's text in the person's language. */
export interface Refusal {
  reason: string;
  code: Extract<ErrorCode, "not-convertible" | "too-large" | "conversion-unavailable" | "unsupported">;
}

/** `paper`: the printer lacks the job's paper; it prints on this one, scaled to fit, and is told so. */
export type PrinterFit = { plan: Exclude<ConversionPlan, { kind: "impossible" }>; paper?: PaperChoice } | { refusal: Refusal };

export function fitForPrinter(job: JobRecord, printer: PrinterRecord): PrinterFit {
  const format = (job.sniffedFormat ?? job.documentFormat).toLowerCase();
  const abilities = abilitiesOf(printer);
  // Nothing known about the printer (never answered, undeclared raw port): the document goes as it is.
  const paper = choosePaper(job.template, abilities.media);
  const grey = wantsGrey(job.template);
  // A document that cannot be scaled for this printer still prints as it is, where it can.
  const scaled = paper && planConversion(format, abilities, grey, paper.size);
  const plan = abilities.formats.length === 0 ? ({ kind: "pass-through", format } as const) : scaled && scaled.kind !== "impossible" ? scaled : planConversion(format, abilities, grey);
  if (plan.kind === "impossible") {
    return { refusal: { code: "not-convertible", reason: `${printer.name} cannot print ${format} documents, and they cannot be converted for it` } };
  }
  const maxJobBytes = printer.capabilities.maxJobBytes;
  if (plan.kind === "pass-through" && typeof maxJobBytes === "number" && job.sizeBytes > maxJobBytes) {
    return { refusal: { code: "too-large", reason: `${printer.name} does not take documents this large` } };
  }
  return paper ? { plan, paper } : { plan };
}

export const CONVERSION_UNAVAILABLE: Refusal = {
  code: "conversion-unavailable",
  reason: "This document must be converted for this printer, and the server cannot convert documents (Ghostscript or bubblewrap missing)",
};
