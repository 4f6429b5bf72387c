// Sends raw IPP octets (well-formed or not) over HTTP and reads the answer, for fuzz and security suites.
import http from "node:http";
import type { Readable } from "node:stream";
import { decodeIppMessage } from "../../core/ipp/codec/decode.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";

export interface IppHttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface PostIppOptions {
  port: number;
  path?: string;
  agent?: http.Agent;
  headers?: http.OutgoingHttpHeaders;
  /**
   * Send the body with chunked transfer encoding, cut at these sizes (the rest in one last piece),
   * so the server sees the attribute section arrive in pieces. Without it: one Content-Length body.
   */
  pieces?: readonly number[];
  /** Local address to connect from (another loopback address looks like another client). */
  localAddress?: string;
}

/** POSTs `body` as application/ipp; resolves with the answer even when the server closes the socket after it. */
export function postIpp(options: PostIppOptions, body: Buffer | Readable): Promise<IppHttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunked = options.pieces !== undefined || !Buffer.isBuffer(body);
    const headers: http.OutgoingHttpHeaders = {
      "Content-Type": "application/ipp",
      ...(chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": (body as Buffer).length }),
      ...options.headers,
    };
    let answered = false;
    const request = http.request({ host: "127.0.0.1", port: options.port, path: options.path ?? "/ipp/print", method: "POST", agent: options.agent ?? false, headers, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, (response) => {
      const parts: Buffer[] = [];
      response.on("data", (chunk: Buffer) => parts.push(chunk));
      response.on("end", () => {
        answered = true;
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts) });
      });
      response.on("error", (error) => {
        if (!answered) reject(error);
      });
    });
    // A server that refuses early may reset the connection while we still write: only an error before the answer counts.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (!Buffer.isBuffer(body)) {
      body.on("error", (error) => request.destroy(error));
      body.pipe(request);
      return;
    }
    let offset = 0;
    for (const size of options.pieces ?? []) {
      if (offset >= body.length) break;
      request.write(body.subarray(offset, offset + Math.max(1, size)));
      offset += Math.max(1, size);
    }
    request.end(body.subarray(offset));
  });
}

/** The IPP response in an answer: must be complete and fill the body exactly; throws otherwise. */
export function decodeIppAnswer(body: Buffer): IppMessage {
  const result = decodeIppMessage(body, undefined, { role: "response" });
  if (result.kind !== "complete") throw new Error(`IPP response is incomplete: ${body.length} octets, ${result.needed} needed`);
  if (result.bodyOffset !== body.length) throw new Error(`IPP response has ${body.length - result.bodyOffset} octets after end-of-attributes`);
  return result.message;
}
