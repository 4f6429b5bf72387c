// What can go wrong talking to a printer, as tables: socket and TLS error codes and HTTP statuses,
// each mapped to the reason the driver reports and whether trying again may help (see retry.ts).
import { PrintvaktError } from "../../core/errors.js";
import { retryableError } from "./retry.js";

export interface FailureKind {
  reason: string;
  message: string;
  retryable: boolean;
}

/** Socket and TLS error codes, as the driver reports them. */
const SOCKET_FAILURES: Readonly<Record<string, FailureKind>> = {
  ECONNREFUSED: { reason: "printer-offline", message: "printer offline (connection refused)", retryable: true },
  ECONNRESET: { reason: "connection-reset", message: "printer reset the connection", retryable: true },
  EPIPE: { reason: "connection-reset", message: "printer closed the connection", retryable: true },
  ETIMEDOUT: { reason: "printer-offline", message: "printer offline (connection timed out)", retryable: true },
  EHOSTUNREACH: { reason: "printer-offline", message: "printer offline (host unreachable)", retryable: true },
  EHOSTDOWN: { reason: "printer-offline", message: "printer offline (host down)", retryable: true },
  ENETUNREACH: { reason: "printer-offline", message: "printer offline (network unreachable)", retryable: true },
  EAI_AGAIN: { reason: "printer-host-not-found", message: "printer host name could not be resolved right now", retryable: true },
  ENOTFOUND: { reason: "printer-host-not-found", message: "printer host name does not resolve", retryable: false },
  DEPTH_ZERO_SELF_SIGNED_CERT: { reason: "printer-certificate-untrusted", message: "printer certificate is self-signed (allow self-signed certificates for this printer to accept it)", retryable: false },
  SELF_SIGNED_CERT_IN_CHAIN: { reason: "printer-certificate-untrusted", message: "printer certificate chain is self-signed (allow self-signed certificates for this printer to accept it)", retryable: false },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { reason: "printer-certificate-untrusted", message: "printer certificate cannot be verified", retryable: false },
  CERT_HAS_EXPIRED: { reason: "printer-certificate-untrusted", message: "printer certificate has expired", retryable: false },
  ERR_TLS_CERT_ALTNAME_INVALID: { reason: "printer-certificate-untrusted", message: "printer certificate is for another host name", retryable: false },
  EPROTO: { reason: "printer-tls-failed", message: "TLS handshake with the printer failed", retryable: false },
};

/** HTTP statuses other than 200, as the driver reports them. */
const HTTP_FAILURES: Readonly<Record<number, FailureKind & { code?: "unsupported" }>> = {
  401: { reason: "printer-requires-authentication", message: "printer requires authentication", retryable: false },
  403: { reason: "printer-forbidden", message: "printer refused access", retryable: false },
  404: { reason: "printer-path-not-found", message: "no IPP printer at this URI path", retryable: false },
  413: { reason: "document-too-large", message: "printer refused the document as too large", retryable: false, code: "unsupported" },
  426: { reason: "printer-requires-tls", message: "printer requires TLS (use an ipps:// URI)", retryable: false },
  503: { reason: "printer-busy", message: "printer busy (HTTP 503)", retryable: true },
};

export function failure(kind: FailureKind, cause?: unknown, code: "unavailable" | "unsupported" = "unavailable"): PrintvaktError {
  if (kind.retryable) return retryableError(kind.message, kind.reason, cause);
  return new PrintvaktError(code, kind.message, {
    userMessage: code === "unsupported" ? "The printer cannot print this document." : "The printer is not available right now.",
    details: { reason: kind.reason },
    cause,
  });
}

export function socketFailure(error: unknown): PrintvaktError {
  if (error instanceof PrintvaktError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === "string" ? SOCKET_FAILURES[code] : undefined;
  return failure(known ?? { reason: "connection-failed", message: `connection to the printer failed (${typeof code === "string" ? code : "unknown error"})`, retryable: false }, error);
}

/**
 * The printer's address is outside what the server allows. Reported like any unreachable printer
 * (not retried), so refusing a destination tells the console no more than a closed port would.
 */
export function destinationRefused(): PrintvaktError {
  return failure({ reason: "printer-unreachable", message: "the printer's address is not an allowed printer destination", retryable: false });
}

export function malformedAnswer(message: string, cause?: unknown): PrintvaktError {
  return failure({ reason: "printer-answer-malformed", message: `printer sent a malformed answer: ${message}`, retryable: false }, cause);
}

/** An HTTP status other than 200 as a failure: a known one from the table, any other as a plain HTTP error. */
export function httpFailure(statusCode: number): PrintvaktError {
  const known = HTTP_FAILURES[statusCode];
  return known ? failure(known, undefined, known.code) : failure({ reason: "printer-http-error", message: `printer answered HTTP ${statusCode}`, retryable: false });
}
