// One IPP exchange with a printer: HTTP(S) POST of the header and a streamed document, answer
// decoded with the bounded decoder (a printer on the network is not trusted).
import http from "node:http";
import type { Socket } from "node:net";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import { decodeIppMessage } from "../../core/ipp/codec/decode.js";
import { isSuccessfulStatus } from "../../core/ipp/codec/status.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";
import { connect, holdSocketErrors, type AddressCheck, type IppEndpoint } from "./printer-connection.js";
import { abortedError } from "./retry.js";
import { armStepLimits, type StepLimit, type StepLimits } from "./step-limits.js";
import { failure, httpFailure, malformedAnswer, socketFailure } from "./transport-failures.js";

// The printer's address and the connection are in printer-connection.ts; what can fail, in transport-failures.ts.
export type { IppEndpoint } from "./printer-connection.js";

/**
 * The limits (step-limits.ts) guard each whole exchange, the connection aside: for a Print-Job that
 * is the document's upload and the wait for the answer, so a printer that takes the document a few
 * octets at a time cannot hold its release queue for good.
 */
export interface TransportOptions extends StepLimits {
  /** Accept a self-signed certificate (most printers have one); any other certificate fault still fails. */
  acceptSelfSigned: boolean;
  connectTimeoutMs: number;
  /** Longest silence on the connection while sending or receiving. */
  idleTimeoutMs: number;
  /** Longest wait for the answer once the whole request is sent. */
  responseTimeoutMs: number;
  /** Largest answer read; Get-Printer-Attributes answers of big printers reach a few hundred KiB. */
  maxResponseBytes: number;
  /** Checked against every address the printer's host resolves to, at each connection. */
  allowAddress?: AddressCheck;
}

export interface IppExchange {
  response: IppMessage;
  /** Document octets handed to the connection (the IPP header not counted). */
  bytesSent: number;
}

/** Only the wording tells the two limits apart; the reason (and so what the release decides) is the same. */
function limitMessage(limit: StepLimit, options: StepLimits): string {
  return limit === "idle-timeout" ? "printer stopped responding" : `printer did not finish the exchange within ${options.stepDeadlineMs} ms`;
}

/** Decodes a whole answer; anything but one complete, well-formed IPP message is malformed. */
function decodeAnswer(octets: Buffer): IppMessage {
  let decoded;
  try {
    decoded = decodeIppMessage(octets, { maxHeaderBytes: octets.length + 1, maxAttributes: 16_384 }, { role: "response" });
  } catch (error) {
    throw malformedAnswer(toPrintvaktError(error).message, error);
  }
  if (decoded.kind !== "complete") throw malformedAnswer("it ended early");
  return decoded.message;
}

/**
 * Connects and runs `beforeWrite` side by side (a release records durably that sending starts
 * while the connection opens); nothing is written until both are done. A refused `beforeWrite`
 * wins over a failed connection: the caller said nothing may be sent.
 */
async function connectBeforeWriting(endpoint: IppEndpoint, options: TransportOptions, signal: AbortSignal | undefined, beforeWrite: (() => Promise<void>) | undefined): Promise<Socket> {
  if (beforeWrite === undefined) return connect(endpoint, options, signal);
  let stopHolding: (() => PrintvaktError | undefined) | undefined;
  const connecting = connect(endpoint, options, signal).then((socket) => {
    stopHolding = holdSocketErrors(socket);
    return socket;
  });
  const [connected, recorded] = await Promise.allSettled([connecting, beforeWrite()]);
  const lost = stopHolding?.();
  if (recorded.status === "rejected") {
    if (connected.status === "fulfilled") connected.value.destroy();
    throw recorded.reason;
  }
  if (connected.status === "rejected") throw connected.reason;
  if (lost !== undefined) throw lost;
  return connected.value;
}

/**
 * Sends `header` and then, when given, the document from `openBody()` with chunked transfer
 * encoding. The document is opened first, so its first chunk is read from disk and decrypted while
 * the connection opens and `beforeWrite` runs; a failed connection destroys it unread. Resolves with
 * the decoded answer. Retryable failures are marked (see retry.ts).
 */
export async function exchangeIpp(
  endpoint: IppEndpoint,
  header: Buffer,
  openBody: (() => Readable) | null,
  options: TransportOptions,
  signal?: AbortSignal,
  beforeWrite?: () => Promise<void>,
): Promise<IppExchange> {
  let sourceError: unknown;
  let body: Readable | undefined;
  if (openBody !== null) {
    try {
      body = openBody();
    } catch (error) {
      throw toPrintvaktError(error);
    }
    // Held until it is piped: the stream may fail (decryption, disk) while the connection opens.
    body.once("error", (error) => {
      sourceError ??= error;
    });
  }
  let socket: Socket;
  try {
    socket = await connectBeforeWriting(endpoint, options, signal, beforeWrite);
  } catch (error) {
    body?.destroy();
    throw error;
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    let bytesSent = 0;
    let bodySettled = openBody === null;
    let response: IppMessage | undefined;
    let responseTimer: NodeJS.Timeout | undefined;

    const request = http.request({
      createConnection: () => socket,
      host: endpoint.host,
      port: endpoint.port,
      path: endpoint.path,
      method: "POST",
      headers: {
        "Content-Type": "application/ipp",
        // Without a length Node sends the body chunked; a header-only request gets a plain length.
        ...(openBody === null ? { "Content-Length": String(header.length) } : {}),
      },
    });

    // Either limit ends the exchange the same way, as a printer that stopped responding: a document
    // cut off partway may have printed (bytesSent > 0), so it is never retried.
    const disarmLimits = armStepLimits(socket, options, (limit) => fail(failure({ reason: "printer-not-responding", message: limitMessage(limit, options), retryable: false })));
    const onAbort = () => fail(abortedError(signal as AbortSignal));
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) return onAbort();

    function cleanup() {
      settled = true;
      disarmLimits();
      clearTimeout(responseTimer);
      signal?.removeEventListener("abort", onAbort);
      body?.destroy();
      request.destroy();
      socket.destroy();
    }
    function fail(error: PrintvaktError) {
      if (settled) return;
      cleanup();
      reject(error);
    }
    /** The document stream's own failure (decryption, disk) goes back to the caller unchanged. */
    function sourceFailure(): PrintvaktError {
      return toPrintvaktError(sourceError);
    }
    /** Done once the answer is in and the document is either all sent or no longer wanted. */
    function finishIfDone(force = false) {
      if (settled || response === undefined) return;
      const refused = !isSuccessfulStatus(response.code);
      if (!bodySettled && !refused && !force) return;
      const answer = response;
      cleanup();
      resolve({ response: answer, bytesSent });
    }

    /**
     * A connection failure once document bytes have left is never worth a resend: the printer may
     * already hold (and print) all or part of the document, so the outcome is unknown (D2). Only a
     * failure before the first document byte stays retryable.
     */
    function connectionFailure(error: unknown): PrintvaktError {
      const found = socketFailure(error);
      if (bytesSent === 0 || found.details?.["retryable"] !== true) return found;
      return failure({ reason: String(found.details["reason"]), message: `${found.message} after ${bytesSent} document octets were sent`, retryable: false }, error);
    }

    request.on("error", (error) => {
      if (sourceError !== undefined) return fail(sourceFailure());
      if (response !== undefined) return finishIfDone(true);
      fail(connectionFailure(error));
    });
    request.on("finish", () => {
      responseTimer = setTimeout(() => fail(failure({ reason: "printer-not-responding", message: "printer did not answer in time", retryable: false })), options.responseTimeoutMs);
    });
    request.on("response", (answer) => {
      const statusCode = answer.statusCode ?? 0;
      if (statusCode !== 200) {
        answer.resume();
        return fail(httpFailure(statusCode));
      }
      const chunks: Buffer[] = [];
      let received = 0;
      answer.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxResponseBytes) return fail(malformedAnswer(`it is larger than ${options.maxResponseBytes} octets`));
        chunks.push(chunk);
      });
      // Decoding once at the end of the HTTP message keeps the work linear however the bytes trickle in.
      answer.on("end", () => {
        if (settled) return;
        try {
          response = decodeAnswer(Buffer.concat(chunks));
        } catch (error) {
          return fail(toPrintvaktError(error));
        }
        finishIfDone();
      });
      answer.on("error", (error) => fail(connectionFailure(error)));
    });

    if (body === undefined) {
      request.end(header);
      return;
    }
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytesSent += chunk.length;
        callback(null, chunk);
      },
    });
    // The document may have failed (decryption, disk) while the connection opened: then not even the
    // header goes, so the printer never holds a request cut short.
    if (sourceError !== undefined) return fail(sourceFailure());
    request.write(header);
    pipeline(body, counter, request).then(
      () => {
        bodySettled = true;
        finishIfDone();
      },
      () => {
        bodySettled = true;
        if (sourceError !== undefined) return fail(sourceFailure());
        // The connection side failed: its own error event reports it, or the answer already came.
        finishIfDone(true);
      },
    );
  });
}