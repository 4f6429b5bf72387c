// What a PrintvaktError answers on each channel, read from the one table in core/error-answers.ts.
// Server errors are answered with a generic message; their details stay in the log.
import { httpStatusOf, ippStatusOf, socketCodeOf } from "../core/error-answers.js";
import type { PrintvaktError } from "../core/errors.js";

export function ippStatusFor(error: PrintvaktError): number {
  return ippStatusOf(error.code);
}

export function httpStatusFor(error: PrintvaktError): number {
  return httpStatusOf(error.code);
}

/** The `error.code` of a refused socket.io acknowledgement. */
export function socketCodeFor(error: PrintvaktError): string {
  return socketCodeOf(error.code);
}

/** What the requester may read: never internals of a server error. */
export function publicMessage(error: PrintvaktError): string {
  return error.code === "internal" || error.code === "bad-config" ? "Internal error" : error.userMessage;
}
