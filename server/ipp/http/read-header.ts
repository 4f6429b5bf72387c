// Reads a request's IPP attribute section under the endpoint's limits (size, and one deadline for
// the whole section), and answers a request whose section cannot be read with its own envelope.
import type { IncomingMessage, ServerResponse } from "node:http";
import { PrintvaktError, toPrintvaktError } from "../../../core/errors.js";
import { readIppHeader } from "../../../core/ipp/codec/read-header.js";
import type { IppMessage } from "../../../core/ipp/codec/types.js";
import { ippStatusFor, publicMessage } from "../../error-map.js";
import { httpStatusOf } from "../../../core/error-answers.js";
import type { IppReply, IppRequest } from "../ipp-request.js";
import { encodeReply } from "../ipp-reply-encoding.js";
import { closeAfter, refuseHttp } from "./responses.js";

export type HeaderRead =
  | { kind: "read"; message: IppMessage; body: IppRequest["body"] }
  /** The section was refused; `envelope` holds up to its first 8 octets (version, operation, request-id). */
  | { kind: "undecodable"; error: PrintvaktError; envelope: Buffer }
  /** Nobody left to answer: the deadline cut the client off, or it went away. */
  | { kind: "gone" };

export async function readRequestHeader(request: IncomingMessage, limits: { maxHeaderBytes: number; headerTimeoutMs: number }): Promise<HeaderRead> {
  // Remember the first 8 octets (version, operation, request-id) to answer even a broken request.
  const first8: Buffer[] = [];
  let seen = 0;
  // The request's own iterator with a look at each chunk on its way; not an async generator around
  // it, which cost every chunk of the document its own extra awaits (issue 13).
  const chunks = (request as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const look = (step: IteratorResult<Buffer>): IteratorResult<Buffer> => {
    if (step.done !== true) {
      if (seen < 8) first8.push(step.value.subarray(0, 8 - seen));
      seen += step.value.length;
    }
    return step;
  };
  const recorded = (): AsyncIterableIterator<Buffer> => {
    const iterator: AsyncIterableIterator<Buffer> = {
      next: () => chunks.next().then(look),
      return: async (value?: unknown) => (await chunks.return?.(value)) ?? { done: true, value: undefined },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  };
  // A slow client gets headerTimeout for the whole attribute section, not per byte.
  const deadline = setTimeout(() => request.destroy(new PrintvaktError("timeout", "IPP attribute section too slow")), limits.headerTimeoutMs);
  const source = recorded();
  try {
    const { message, body } = await readIppHeader(source, { maxHeaderBytes: limits.maxHeaderBytes });
    return { kind: "read", message, body };
  } catch (caught) {
    const error = toPrintvaktError(caught);
    // The decoder may refuse on the first octet (version 9): read on to the request-id, so the
    // answer is the same IPP refusal however the client's packets cut the envelope.
    while (seen < 8 && !request.socket.destroyed) {
      const step = await source.next().catch(() => ({ done: true }) as const);
      if (step.done) break;
    }
    // (request.destroyed is no sign that the client is gone: a body read to its end is destroyed
    // too, and a cut-short section must be answered.)
    if (request.socket.destroyed) return { kind: "gone" };
    return { kind: "undecodable", error, envelope: Buffer.concat(first8) };
  } finally {
    clearTimeout(deadline);
  }
}

/** Answers an unreadable section: an IPP refusal with the request's own version and request-id, or 400 without them. */
export function answerUndecodable(request: IncomingMessage, response: ServerResponse, envelope: Buffer, error: PrintvaktError): void {
  if (envelope.length < 8) {
    refuseHttp(response, httpStatusOf("bad-request"), "Not an IPP request");
  } else {
    const version = { major: envelope[0]!, minor: envelope[1]! };
    const answerVersion = version.major === 1 || version.major === 2 ? version : { major: 2, minor: 0 };
    const reply: IppReply = { status: ippStatusFor(error), statusMessage: publicMessage(error), groups: [] };
    response.setHeader("Connection", "close");
    response.writeHead(200, { "Content-Type": "application/ipp" });
    // request-id is a signed 32-bit integer (as the decoder reads it): 0x80000000 and up are negative, not unencodable.
    response.end(encodeReply(answerVersion, envelope.readInt32BE(4), "en", reply));
  }
  closeAfter(request, response);
}
