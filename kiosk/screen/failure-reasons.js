// Why a release failed, in the screen's language: the server's `code` (job:progress "failed", a
// "failed" release result, or a held job's stateReasonCode) looked up in a table. The server's
// English `reason` is only the fallback when no code came (servers or jobs from before codes).
import { t } from "./i18n.js";

// code → [string key, whether to add "the document is kept"]. Nothing is added where the job is
// no longer held (may have printed, unrecorded) or where the text says so itself (a release refused
// before sending, a conversion stopped).
const FAILURES = {
  unavailable: ["failedUnavailable", true],
  timeout: ["failedUnavailable", true],
  "printer-stopped-job": ["failedStopped", true],
  "printer-refused": ["failedRefused", true],
  "no-printer": ["failedNoPrinter", true],
  unsupported: ["failedCannot", true],
  "document-format-not-supported": ["failedCannot", true],
  "may-have-printed": ["failedMayHavePrinted", false],
  unrecorded: ["failedUnrecorded", false],
  "too-large": ["reasonTooLarge", false],
  "not-convertible": ["reasonNotConvertible", false],
  "conversion-unavailable": ["reasonConversionUnavailable", false],
  "conversion-failed": ["reasonConversionFailed", false],
  "conversion-timeout": ["reasonConversionTimeout", false],
  "conversion-too-large": ["reasonConversionTooLarge", false],
  "conversion-limit": ["reasonConversionLimit", false],
  // Start-up recovery of a release the server stopped in (server/retention/interrupted-releases.ts).
  "release-not-sent": ["failedInterruptedNotSent", true],
  "release-interrupted": ["failedMayHavePrinted", false],
};

/** "Skrivaren svarar inte. Dokumentet finns kvar." for a failure with a code; else the server's text. */
export function failureText({ code, reason }) {
  if (code === undefined || code === null) return reason ?? "";
  const [key, addKept] = FAILURES[code] ?? ["failedOther", true];
  return addKept ? `${t(key)} ${t("failedKept")}` : t(key);
}
