// The one map from a PrintvaktError code to what each channel answers: IPP status, HTTP status.
// Server errors are answered with a generic message; their details stay in the log.
import type { ErrorCode, PrintvaktError } from "../core/errors.js";
import { IppStatus } from "../core/ipp/codec/status.js";

interface Answer {
  ipp: number;
  http: number;
}

const ANSWERS: Record<ErrorCode, Answer> = {
  "bad-request": { ipp: IppStatus.clientErrorBadRequest, http: 400 },
  "bad-config": { ipp: IppStatus.serverErrorInternalError, http: 500 },
  "not-authenticated": { ipp: IppStatus.clientErrorNotAuthenticated, http: 401 },
  forbidden: { ipp: IppStatus.clientErrorForbidden, http: 403 },
  "not-found": { ipp: IppStatus.clientErrorNotFound, http: 404 },
  conflict: { ipp: IppStatus.clientErrorNotPossible, http: 409 },
  "not-possible": { ipp: IppStatus.clientErrorNotPossible, http: 409 },
  "too-large": { ipp: IppStatus.clientErrorRequestEntityTooLarge, http: 413 },
  "too-many": { ipp: IppStatus.serverErrorBusy, http: 429 },
  unsupported: { ipp: IppStatus.clientErrorAttributesOrValuesNotSupported, http: 422 },
  locked: { ipp: IppStatus.clientErrorNotAuthorized, http: 423 },
  unavailable: { ipp: IppStatus.serverErrorServiceUnavailable, http: 503 },
  timeout: { ipp: IppStatus.clientErrorTimeout, http: 408 },
  internal: { ipp: IppStatus.serverErrorInternalError, http: 500 },
};

/** The IPP status for an error; an error may carry a more precise one in details.ippStatus. */
export function ippStatusFor(error: PrintvaktError): number {
  const precise = error.details?.ippStatus;
  return typeof precise === "number" ? precise : ANSWERS[error.code].ipp;
}

export function httpStatusFor(error: PrintvaktError): number {
  return ANSWERS[error.code].http;
}

/** What the requester may read: never internals of a server error. */
export function publicMessage(error: PrintvaktError): string {
  return error.code === "internal" || error.code === "bad-config" ? "Internal error" : error.userMessage;
}
