// What an IPP error status from a printer means for a release: retry, give up, or refuse the document.
import { PrintvaktError } from "../../core/errors.js";
import { IppStatus, statusName } from "../../core/ipp/codec/status.js";
import { retryableError } from "./retry.js";

interface StatusOutcome {
  /** "retry": busy or briefly failing; "unsupported": the printer cannot print this; "unavailable": it will not print now. */
  kind: "retry" | "unsupported" | "unavailable";
  reason: string;
  message: string;
}

const STATUS_OUTCOMES: ReadonlyMap<number, StatusOutcome> = new Map([
  [IppStatus.serverErrorBusy, { kind: "retry", reason: "printer-busy", message: "printer busy" }],
  [IppStatus.serverErrorTemporaryError, { kind: "retry", reason: "printer-temporary-error", message: "printer reported a temporary error" }],
  [IppStatus.serverErrorServiceUnavailable, { kind: "retry", reason: "printer-busy", message: "printer service unavailable" }],
  [IppStatus.serverErrorNotAcceptingJobs, { kind: "unavailable", reason: "printer-not-accepting-jobs", message: "printer is not accepting jobs" }],
  [IppStatus.serverErrorDeviceError, { kind: "unavailable", reason: "printer-device-error", message: "printer reported a device error" }],
  [IppStatus.clientErrorNotAuthenticated, { kind: "unavailable", reason: "printer-requires-authentication", message: "printer requires authentication" }],
  [IppStatus.clientErrorNotAuthorized, { kind: "unavailable", reason: "printer-forbidden", message: "printer refused access" }],
  [IppStatus.clientErrorForbidden, { kind: "unavailable", reason: "printer-forbidden", message: "printer refused access" }],
  [IppStatus.clientErrorDocumentFormatNotSupported, { kind: "unsupported", reason: "document-format-not-supported", message: "printer does not support the document format" }],
  [IppStatus.clientErrorAttributesOrValuesNotSupported, { kind: "unsupported", reason: "attributes-not-supported", message: "printer does not support the job's attributes" }],
  [IppStatus.clientErrorConflictingAttributes, { kind: "unsupported", reason: "attributes-conflicting", message: "printer finds the job's attributes conflicting" }],
  [IppStatus.clientErrorRequestEntityTooLarge, { kind: "unsupported", reason: "document-too-large", message: "printer refused the document as too large" }],
  [IppStatus.clientErrorDocumentFormatError, { kind: "unsupported", reason: "document-format-error", message: "printer could not read the document" }],
  [IppStatus.serverErrorOperationNotSupported, { kind: "unsupported", reason: "operation-not-supported", message: "printer does not support the operation" }],
]);

/** The error for a non-successful IPP status; retryable ones are marked for withRetry. */
export function errorForStatus(statusCode: number, operation: string): PrintvaktError {
  const name = statusName(statusCode) ?? `0x${statusCode.toString(16).padStart(4, "0")}`;
  const outcome = STATUS_OUTCOMES.get(statusCode) ?? { kind: "unavailable", reason: "printer-refused", message: "printer refused the request" };
  const message = `${outcome.message} (${operation}: ${name})`;
  if (outcome.kind === "retry") return retryableError(message, outcome.reason);
  return new PrintvaktError(outcome.kind, message, {
    userMessage: outcome.kind === "unsupported" ? "The printer cannot print this document." : "The printer is not available right now.",
    details: { reason: outcome.reason, ippStatus: statusCode },
  });
}
