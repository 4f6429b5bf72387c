// The one table that decides how Printvakt answers a failure on each channel: the IPP status, the
// HTTP status and the socket.io acknowledgement code. No other file picks an error status.
import type { ErrorCode } from "./errors.js";
import { ippTables, numberFromTable } from "./ipp/codec/ipp-tables.js";

export interface ErrorAnswer {
  /** IANA status-code keyword (RFC 8011 §4.1.6 and the PWG registry), resolved through `ipp`. */
  readonly ipp: string;
  readonly http: number;
  /** The `error.code` a kiosk reads in a refused acknowledgement (kiosk/screen/main.js keys on it). */
  readonly socket: string;
}

// Sub-codes (charset-not-supported, ...) exist for IPP's finer statuses; their HTTP and socket
// answers are those of the general code they refine, so the other channels see no difference.
// The release refusals (not-convertible, conversion-*) refine "unsupported" the other way round: a
// kiosk words each in the person's language, so each is its own socket code.
export const ERROR_ANSWERS: Readonly<Record<ErrorCode, ErrorAnswer>> = Object.freeze({
  "bad-request": { ipp: "client-error-bad-request", http: 400, socket: "bad-request" },
  "charset-not-supported": { ipp: "client-error-charset-not-supported", http: 400, socket: "bad-request" },
  "compression-error": { ipp: "client-error-compression-error", http: 400, socket: "bad-request" },
  "bad-config": { ipp: "server-error-internal-error", http: 500, socket: "internal" },
  "not-authenticated": { ipp: "client-error-not-authenticated", http: 401, socket: "not-authenticated" },
  forbidden: { ipp: "client-error-forbidden", http: 403, socket: "forbidden" },
  // A job that is not yours gets this same row: nothing on any channel tells the two apart.
  "not-found": { ipp: "client-error-not-found", http: 404, socket: "not-found" },
  conflict: { ipp: "client-error-not-possible", http: 409, socket: "conflict" },
  "not-possible": { ipp: "client-error-not-possible", http: 409, socket: "not-possible" },
  "session-ended": { ipp: "client-error-not-possible", http: 409, socket: "session-ended" },
  "multiple-documents": { ipp: "server-error-multiple-document-jobs-not-supported", http: 409, socket: "not-possible" },
  "too-large": { ipp: "client-error-request-entity-too-large", http: 413, socket: "too-large" },
  "value-too-long": { ipp: "client-error-request-value-too-long", http: 413, socket: "too-large" },
  "too-many": { ipp: "server-error-busy", http: 429, socket: "too-many" },
  // Busy, like a full spool: IPP clients (CUPS's ipp backend among them) keep the job and retry.
  "no-space": { ipp: "server-error-busy", http: 507, socket: "unavailable" },
  unsupported: { ipp: "client-error-attributes-or-values-not-supported", http: 422, socket: "unsupported" },
  "attributes-not-settable": { ipp: "client-error-attributes-not-settable", http: 422, socket: "unsupported" },
  "document-format-not-supported": { ipp: "client-error-document-format-not-supported", http: 422, socket: "unsupported" },
  "compression-not-supported": { ipp: "client-error-compression-not-supported", http: 422, socket: "unsupported" },
  "not-convertible": { ipp: "client-error-document-format-not-supported", http: 422, socket: "not-convertible" },
  "conversion-unavailable": { ipp: "client-error-document-format-not-supported", http: 422, socket: "conversion-unavailable" },
  "conversion-failed": { ipp: "client-error-document-format-error", http: 422, socket: "conversion-failed" },
  "conversion-timeout": { ipp: "client-error-document-format-error", http: 422, socket: "conversion-timeout" },
  "conversion-too-large": { ipp: "client-error-request-entity-too-large", http: 413, socket: "conversion-too-large" },
  "conversion-limit": { ipp: "client-error-document-format-error", http: 422, socket: "conversion-limit" },
  "operation-not-supported": { ipp: "server-error-operation-not-supported", http: 422, socket: "unsupported" },
  "version-not-supported": { ipp: "server-error-version-not-supported", http: 422, socket: "unsupported" },
  locked: { ipp: "client-error-not-authorized", http: 423, socket: "locked" },
  unavailable: { ipp: "server-error-service-unavailable", http: 503, socket: "unavailable" },
  // The server is ending (server/store/commit-outcome.ts): clients try again once it is back, and a
  // submission that did reach the disk is found as a repeat then (job-uuid, or the same document).
  "outcome-unknown": { ipp: "server-error-service-unavailable", http: 503, socket: "unavailable" },
  timeout: { ipp: "client-error-timeout", http: 408, socket: "timeout" },
  internal: { ipp: "server-error-internal-error", http: 500, socket: "internal" },
});

// Resolved once at load: a keyword the `ipp` registry does not know stops the process at start-up.
const IPP_NUMBERS = new Map(Object.entries(ERROR_ANSWERS).map(([code, answer]) => [code, numberFromTable(ippTables.statusCodes, answer.ipp, "status-codes")]));

/** The IPP status-code number for an error code. */
export function ippStatusOf(code: ErrorCode): number {
  return IPP_NUMBERS.get(code)!;
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_ANSWERS[code].http;
}

export function socketCodeOf(code: ErrorCode): string {
  return ERROR_ANSWERS[code].socket;
}
