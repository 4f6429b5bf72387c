// The one error type of Printvakt: a stable code, an internal message for logs, and a message
// that is safe to show to whoever made the request. The IPP/HTTP/socket answer to each code lives in
// core/error-answers.ts so that no caller decides for itself what status to give or what to reveal.

export type ErrorCode =
  | "bad-request" // malformed input (IPP envelope, JSON body, CLI argument)
  | "charset-not-supported" // an IPP request in a charset other than utf-8 / us-ascii
  | "compression-error" // compressed document data that does not decompress
  | "bad-config" // a configuration value is wrong; startup stops
  | "not-authenticated" // no or wrong credentials
  | "forbidden" // authenticated but not allowed (never used for other people's jobs: those are not-found)
  | "not-found" // missing, or not yours: callers must not be able to tell the two apart
  | "conflict" // duplicate name, card or key
  | "not-possible" // the object's state forbids the action (job already released, ...)
  | "session-ended" // a kiosk event for a session that has already ended
  | "multiple-documents" // a second document for a job that already has one
  | "too-large" // size or quota exceeded
  | "value-too-long" // one IPP name or value longer than the decoder allows
  | "too-many" // rate limit or concurrency cap
  | "no-space" // the disk holding the data directory is (nearly) full: passes as jobs are collected
  | "unsupported" // an attribute value not supported (the finer codes below say which kind)
  | "not-convertible" // a release: the printer cannot print the document's format, and it cannot be converted for it
  | "conversion-unavailable" // a release: the document must be converted, and this host cannot convert (no Ghostscript or bubblewrap)
  | "conversion-failed" // a release: the converter stopped with an error
  | "conversion-timeout" // a release: converting took longer than the wall-time limit
  | "conversion-too-large" // a release: the converted document grew past the output limit
  | "conversion-limit" // a release: the converter hit its CPU, memory or file-size limit
  | "attributes-not-settable" // Set-Job-Attributes on an attribute that cannot be changed
  | "document-format-not-supported"
  | "compression-not-supported"
  | "operation-not-supported"
  | "version-not-supported" // an IPP major version other than 1 or 2
  | "locked" // account locked after failed PINs
  | "unavailable" // a printer or dependency cannot be reached right now
  | "outcome-unknown" // a write's COMMIT failed with an I/O error: it may be on disk or not; the server stops and its next start reconciles
  | "timeout" // the client was too slow
  | "internal"; // a bug or an unexpected failure: details never leave the server

export class PrintvaktError extends Error {
  readonly code: ErrorCode;
  /** Safe to show to the requester. Never contains internals, titles, tokens or card numbers. */
  readonly userMessage: string;
  /** Extra machine-readable context for the audit and logs (never shown to requesters). */
  readonly details: Record<string, unknown> | undefined;
  /**
   * Machine-readable facts that are safe to tell the requester and help them on (a kiosk's
   * `triesLeft` before a PIN lock, `lockedUntil`); sent beside `code` in a socket acknowledgement.
   */
  readonly answer: Readonly<Record<string, string | number>> | undefined;

  constructor(code: ErrorCode, message: string, options: { userMessage?: string; details?: Record<string, unknown>; answer?: Record<string, string | number>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PrintvaktError";
    this.code = code;
    this.userMessage = options.userMessage ?? (code === "internal" ? "Internal error" : message);
    this.details = options.details;
    this.answer = options.answer;
  }
}

export function isPrintvaktError(value: unknown): value is PrintvaktError {
  return value instanceof PrintvaktError;
}

/** Wraps anything thrown into a PrintvaktError; unknown failures become "internal" with no leak. */
export function toPrintvaktError(value: unknown): PrintvaktError {
  if (value instanceof PrintvaktError) return value;
  // A full disk is a temporary condition, not a bug: the requester is told to try again later.
  if (isOutOfSpace(value)) return new PrintvaktError("no-space", "no space left on the disk", { cause: value, userMessage: "The server is short of disk space; try again later" });
  const message = value instanceof Error ? value.message : String(value);
  return new PrintvaktError("internal", message, { cause: value });
}

/**
 * The same refusal, naming the one input field it is about (details.field), so a form can show the
 * message beside that field. Only bad-request errors name a field; others pass through unchanged.
 */
export function forField<T>(field: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof PrintvaktError && error.code === "bad-request" && error.details?.["field"] === undefined) {
      throw new PrintvaktError(error.code, error.message, { userMessage: error.userMessage, details: { ...error.details, field }, cause: error.cause });
    }
    throw error;
  }
}

/** The input field a bad-request error is about, when it names one. */
export function fieldOf(error: PrintvaktError): string | undefined {
  const field = error.code === "bad-request" ? error.details?.["field"] : undefined;
  return typeof field === "string" ? field : undefined;
}

/** ENOSPC (no space left) or EDQUOT (disk quota exceeded) from a file-system call. */
export function isOutOfSpace(value: unknown): boolean {
  const code = typeof value === "object" && value !== null && "code" in value ? (value as { code: unknown }).code : undefined;
  return code === "ENOSPC" || code === "EDQUOT";
}
