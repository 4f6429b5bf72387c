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
  // Remember the first 8 octets (version, operation, request-id) to answer even a broken request:
  // a look at each chunk beside the decoder's, only while the section is being read.
  const first8: Buffer[] = [];
  let seen = 0;
  const look = (chunk: Buffer) => {
    if (seen < 8) first8.push(chunk.subarray(0, 8 - seen));
    seen += chunk.length;
  };
  request.on("data", look);
  // A slow client gets headerTimeout for the whole attribute section, not per byte.
  const deadline = setTimeout(() => request.destroy(new PrintvaktError("timeout", "IPP attribute section too slow")), limits.headerTimeoutMs);
  try {
    const { message, body } = await readIppHeader(request, { maxHeaderBytes: limits.maxHeaderBytes });
    return { kind: "read", message, body };
  } catch (caught) {
    const error = toPrintvaktError(caught);
    // The decoder may refuse on the first octet (version 9): read on to the request-id, so the
    // answer is the same IPP refusal however the client's packets cut the envelope.
    while (seen < 8 && !request.socket.destroyed && !request.readableEnded && !request.destroyed) await nextEvent(request);
    // The rest is not read: the answer closes the connection (answerUndecodable).
    request.pause();
    // (request.destroyed is no sign that the client is gone: a body read to its end is destroyed
    // too, and a cut-short section must be answered.)
    if (request.socket.destroyed) return { kind: "gone" };
    return { kind: "undecodable", error, envelope: Buffer.concat(first8) };
  } finally {
    request.off("data", look);
    clearTimeout(deadline);
  }
}

/** Resolves at the request's next chunk, its end or its close (the deadline closes a silent one). */
function nextEvent(request: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      request.off("data", done);
      request.off("end", done);
      request.off("close", done);
      resolve();
    };
    request.on("data", done);
    request.on("end", done);
    request.on("close", done);
    request.resume();
  });
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
