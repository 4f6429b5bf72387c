// Streams a request body to the IPP endpoint with the upload in the test's hands: pause, drip, cut off.
import http from "node:http";
import type { Readable } from "node:stream";
import { IppOperation } from "../../../core/ipp/codec/operations.js";
import { encodeIppMessage } from "../../../core/ipp/codec/encode.js";
import type { IppAttribute } from "../../../core/ipp/codec/types.js";
import { attr, charset, mimeMediaType, name, naturalLanguage, operationGroup, uri } from "../../../core/ipp/codec/values.js";
import type { IppHttpAnswer } from "../../support/ipp-http.js";

/** A Print-Job attribute section: alice's PDF unless told otherwise. */
export function printJobHeader(options: { user?: string; title?: string; format?: string; requestId?: number; extra?: IppAttribute[] } = {}): Buffer {
  return encodeIppMessage({
    version: { major: 2, minor: 0 },
    code: IppOperation.printJob,
    requestId: options.requestId ?? 1,
    groups: [
      operationGroup([
        attr("attributes-charset", charset("utf-8")),
        attr("attributes-natural-language", naturalLanguage("en")),
        attr("printer-uri", uri("ipp://127.0.0.1/ipp/print")),
        attr("requesting-user-name", name(options.user ?? "alice")),
        attr("job-name", name(options.title ?? "Generated document")),
        attr("document-format", mimeMediaType(options.format ?? "application/pdf")),
        ...(options.extra ?? []),
      ]),
    ],
  });
}

export interface Upload {
  request: http.ClientRequest;
  /** The answer; rejects when the connection ends without one. */
  answer: Promise<IppHttpAnswer>;
  /** Resolves when the connection is closed, by either side. */
  closed: Promise<void>;
}

/** Starts a chunked POST of application/ipp; write to `request` yourself, or pass `body` to pipe it. `localAddress`: another loopback address looks like another client. */
export function startUpload(port: number, options: { body?: Readable; headers?: http.OutgoingHttpHeaders; localAddress?: string } = {}): Upload {
  const request = http.request({
    host: "127.0.0.1",
    port,
    path: "/ipp/print",
    method: "POST",
    agent: false,
    headers: { "Content-Type": "application/ipp", "Transfer-Encoding": "chunked", ...options.headers },
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
  });
  const answer = new Promise<IppHttpAnswer>((resolve, reject) => {
    request.on("response", (response) => {
      const parts: Buffer[] = [];
      response.on("data", (chunk: Buffer) => parts.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts) }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
  answer.catch(() => undefined); // callers that cut the upload off look at `closed`, not the answer
  const closed = new Promise<void>((resolve) => request.on("close", () => resolve()));
  if (options.body) {
    options.body.on("error", (error) => request.destroy(error));
    options.body.pipe(request);
  }
  return { request, answer, closed };
}
