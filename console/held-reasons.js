// Why a job was held back, in the console's language: the job's stateReasonCode (the same codes a
// kiosk words, server/release/failure-code.ts) looked up in a table, never English from the server.
import { t } from "./i18n.js";

const KEYS = {
  unavailable: "heldReasonUnavailable",
  timeout: "heldReasonUnavailable",
  "printer-refused": "heldReasonPrinterRefused",
  "printer-stopped-job": "heldReasonPrinterStopped",
  unsupported: "heldReasonCannotPrint",
  "document-format-not-supported": "heldReasonCannotPrint",
  "not-convertible": "heldReasonCannotPrint",
  "too-large": "heldReasonTooLarge",
  "no-printer": "heldReasonNoPrinter",
  "conversion-unavailable": "heldReasonConversionUnavailable",
  "conversion-failed": "heldReasonConversionFailed",
  "conversion-timeout": "heldReasonConversionFailed",
  "conversion-too-large": "heldReasonConversionFailed",
  "conversion-limit": "heldReasonConversionFailed",
  "may-have-printed": "heldReasonMayHavePrinted",
  "release-interrupted": "heldReasonMayHavePrinted",
  "release-not-sent": "heldReasonInterruptedNotSent",
};

/** The reason's text, or "" when the job has none; a code this console does not know reads as "another problem". */
export function heldReasonText(code) {
  if (code === null || code === undefined || code === "") return "";
  return t(KEYS[code] ?? "heldReasonOther");
}
