// Sends one IPP request over http:// or https:// (optionally with HTTP Basic) and keeps the answer
// byte for byte, for system tests that compare answers or look at HTTP-level refusals.
import http from "node:http";
import https from "node:https";
import { decodeIppMessage } from "../../core/ipp/codec/decode.js";
import { encodeIppMessage } from "../../core/ipp/codec/encode.js";
import { statusName } from "../../core/ipp/codec/status.js";
import type { IppAttribute, IppGroup, IppMessage } from "../../core/ipp/codec/types.js";
import { attr, charset, naturalLanguage, operationGroup } from "../../core/ipp/codec/values.js";

export interface IppCall {
  /** http://127.0.0.1:PORT/ipp/print or https://... */
  url: string;
  operation: number;
  /** Operation attributes after attributes-charset and attributes-natural-language (printer-uri first). */
  attributes: IppAttribute[];
  /** Groups after the operation group (a job group for Set-Job-Attributes, ...). */
  groups?: IppGroup[];
  document?: Buffer;
  /** Same id for two calls makes their answers comparable byte for byte. Default 1. */
  requestId?: number;
  credentials?: { username: string; password: string };
  /** Trusted certificate for https:// (a test's self-signed one). */
  ca?: Buffer;
}

export interface IppAnswer {
  httpStatus: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The decoded IPP response when the server answered 200 application/ipp. */
  message: IppMessage | undefined;
  /** Its status keyword ("successful-ok", "client-error-not-found", ...). */
  status: string | undefined;
}

export function requestBytes(call: IppCall): Buffer {
  const header = encodeIppMessage({
    version: { major: 2, minor: 0 },
    code: call.operation,
    requestId: call.requestId ?? 1,
    groups: [
      operationGroup([attr("attributes-charset", charset("utf-8")), attr("attributes-natural-language", naturalLanguage("en")), ...call.attributes]),
      ...(call.groups ?? []),
    ],
  });
  return Buffer.concat([header, call.document ?? Buffer.alloc(0)]);
}

export function callIpp(call: IppCall): Promise<IppAnswer> {
  const body = requestBytes(call);
  const url = new URL(call.url);
  const headers: http.OutgoingHttpHeaders = { "Content-Type": "application/ipp", "Content-Length": body.length };
  if (call.credentials) headers.Authorization = `Basic ${Buffer.from(`${call.credentials.username}:${call.credentials.password}`).toString("base64")}`;
  const options: https.RequestOptions = { method: "POST", host: url.hostname, port: url.port, path: url.pathname, headers, agent: false, ca: call.ca };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(options, (response) => {
      const parts: Buffer[] = [];
      response.on("data", (chunk: Buffer) => parts.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const answer = Buffer.concat(parts);
        const isIpp = response.statusCode === 200 && (response.headers["content-type"] ?? "").startsWith("application/ipp");
        const decoded = isIpp ? decodeIppMessage(answer, undefined, { role: "response" }) : undefined;
        if (decoded && decoded.kind !== "complete") {
          reject(new Error(`incomplete IPP response (${answer.length} octets)`));
          return;
        }
        const message = decoded?.message;
        resolve({ httpStatus: response.statusCode ?? 0, headers: response.headers, body: answer, message, status: message ? (statusName(message.code) ?? `0x${message.code.toString(16)}`) : undefined });
      });
    });
    request.on("error", reject);
    request.end(body);
  });
}
