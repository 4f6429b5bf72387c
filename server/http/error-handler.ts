// The one JSON error shape of the HTTP API: { error: { code, message } }, the status from
// server/error-map.ts, and server errors answered without their details.
import type { NextFunction, Request, Response } from "express";
import { httpStatusFor, publicMessage } from "../error-map.js";
import { fieldOf, PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import type { Logger } from "../logger.js";

/** Express's body parser reports its own errors (bad JSON, too large) with a status: keep their meaning. */
function fromBodyParser(error: unknown): PrintvaktError | undefined {
  if (typeof error !== "object" || error === null || !("type" in error) || !("status" in error)) return undefined;
  const status = (error as { status: unknown }).status;
  if (status === 413) return new PrintvaktError("too-large", "The request body is too large");
  if (typeof status === "number" && status >= 400 && status < 500) return new PrintvaktError("bad-request", "The request body is not valid JSON");
  return undefined;
}

/** A path that is not valid percent-encoding (the router's own decoding, or static files): the client's mistake. */
function fromPathDecoding(error: unknown): PrintvaktError | undefined {
  return error instanceof URIError ? new PrintvaktError("bad-request", "The request path is not valid percent-encoding") : undefined;
}

export function errorHandler(logger: Logger) {
  return (caught: unknown, request: Request, response: Response, _next: NextFunction): void => {
    const error = fromBodyParser(caught) ?? fromPathDecoding(caught) ?? toPrintvaktError(caught);
    if (error.code === "internal" || error.code === "bad-config") logger.error({ err: error.message, path: request.path }, "HTTP request failed");
    if (response.headersSent) {
      response.destroy();
      return;
    }
    // A refused field is named so a console form can show the message beside it.
    const field = fieldOf(error);
    response.status(httpStatusFor(error)).json({ error: { code: error.code, message: publicMessage(error), ...(field === undefined ? {} : { field }) } });
  };
}
