// Why a release failed, in the screen's language: the server's `code` (job:progress "failed", or a
// "failed" release result) looked up in a table. The server's English `reason` is only the
// fallback when no code came (servers before this change, or a job held with a stored reason).
import { t } from "./i18n.js";

// code → [string key, whether the document is still held and can be printed again]
const FAILURES = {
  unavailable: ["failedUnavailable", true],
  timeout: ["failedUnavailable", true],
  "printer-stopped-job": ["failedStopped", true],
  unsupported: ["failedCannot", true],
  "too-large": ["failedCannot", true],
  "document-format-not-supported": ["failedCannot", true],
  "may-have-printed": ["failedMayHavePrinted", false],
  unrecorded: ["failedUnrecorded", false],
};

// reasonCode → string key: the finer reason of a refused or stopped conversion (each text says the
// document is kept).
const CONVERSION_REASONS = {
  "not-convertible": "reasonNotConvertible",
  "too-large": "reasonTooLarge",
  "conversion-unavailable": "reasonConversionUnavailable",
  "conversion-failed": "reasonConversionFailed",
  "conversion-timeout": "reasonConversionTimeout",
  "conversion-too-large": "reasonConversionTooLarge",
  "conversion-limit": "reasonConversionLimit",
};

/** "Skrivaren svarar inte. Dokumentet finns kvar." for a failure with a code; else the server's text. */
export function failureText({ code, reasonCode, reason }) {
  // A conversion's failure comes as its code (conversion-limit, ...); older servers sent reasonCode.
  const conversion = CONVERSION_REASONS[reasonCode] ?? CONVERSION_REASONS[code];
  if (conversion) return t(conversion);
  if (code === undefined || code === null) return reason ?? "";
  const [key, kept] = FAILURES[code] ?? ["failedOther", true];
  return kept ? `${t(key)} ${t("failedKept")}` : t(key);
}
