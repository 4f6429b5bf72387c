// The one error type of Printvakt: a stable code, an internal message for logs, and a message
// that is safe to show to whoever made the request. Mapping to IPP/HTTP/socket answers lives in
// server/error-map.ts so that no caller decides for itself what to reveal.

export type ErrorCode =
  | "bad-request" // malformed input (IPP envelope, JSON body, CLI argument)
  | "bad-config" // a configuration value is wrong; startup stops
  | "not-authenticated" // no or wrong credentials
  | "forbidden" // authenticated but not allowed (never used for other people's jobs: those are not-found)
  | "not-found" // missing, or not yours: callers must not be able to tell the two apart
  | "conflict" // duplicate name, card or key
  | "not-possible" // the object's state forbids the action (job already released, ...)
  | "too-large" // size or quota exceeded
  | "too-many" // rate limit or concurrency cap
  | "unsupported" // operation, attribute value or document format not supported
  | "locked" // account locked after failed PINs
  | "unavailable" // a printer or dependency cannot be reached right now
  | "timeout" // the client was too slow
  | "internal"; // a bug or an unexpected failure: details never leave the server

export class PrintvaktError extends Error {
  readonly code: ErrorCode;
  /** Safe to show to the requester. Never contains internals, titles, tokens or card numbers. */
  readonly userMessage: string;
  /** Extra machine-readable context for the audit and logs (never shown to requesters). */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { userMessage?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PrintvaktError";
    this.code = code;
    this.userMessage = options.userMessage ?? (code === "internal" ? "Internal error" : message);
    this.details = options.details;
  }
}

export function isPrintvaktError(value: unknown): value is PrintvaktError {
  return value instanceof PrintvaktError;
}

/** Wraps anything thrown into a PrintvaktError; unknown failures become "internal" with no leak. */
export function toPrintvaktError(value: unknown): PrintvaktError {
  if (value instanceof PrintvaktError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new PrintvaktError("internal", message, { cause: value });
}
