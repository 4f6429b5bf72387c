// One IPP exchange with a printer: HTTP(S) POST of the header and a streamed document, answer
// decoded with the bounded decoder (a printer on the network is not trusted).
import http from "node:http";
import net from "node:net";
import tls from "node:tls";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import { decodeIppMessage } from "../../core/ipp/codec/decode.js";
import { isSuccessfulStatus } from "../../core/ipp/codec/status.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";
import { abortedError, retryableError } from "./retry.js";

export interface IppEndpoint {
  /** Host name or IP address, IPv6 without brackets. */
  host: string;
  port: number;
  /** HTTP request path, "/ipp/print". */
  path: string;
  tls: boolean;
}

export interface TransportOptions {
  /** Accept a self-signed certificate (most printers have one); any other certificate fault still fails. */
  acceptSelfSigned: boolean;
  connectTimeoutMs: number;
  /** Longest silence on the connection while sending or receiving. */
  idleTimeoutMs: number;
  /** Longest wait for the answer once the whole request is sent. */
  responseTimeoutMs: number;
  /** Largest answer read; Get-Printer-Attributes answers of big printers reach a few hundred KiB. */
  maxResponseBytes: number;
}

export interface IppExchange {
  response: IppMessage;
  /** Document octets handed to the connection (the IPP header not counted). */
  bytesSent: number;
}

interface FailureKind {
  reason: string;
  message: string;
  retryable: boolean;
}

/** Socket and TLS error codes, as the driver reports them. */
const SOCKET_FAILURES: Readonly<Record<string, FailureKind>> = {
  ECONNREFUSED: { reason: "printer-offline", message: "printer offline (connection refused)", retryable: true },
  ECONNRESET: { reason: "connection-reset", message: "printer reset the connection", retryable: true },
  EPIPE: { reason: "connection-reset", message: "printer closed the connection", retryable: true },
  ETIMEDOUT: { reason: "printer-offline", message: "printer offline (connection timed out)", retryable: true },
  EHOSTUNREACH: { reason: "printer-offline", message: "printer offline (host unreachable)", retryable: true },
  EHOSTDOWN: { reason: "printer-offline", message: "printer offline (host down)", retryable: true },
  ENETUNREACH: { reason: "printer-offline", message: "printer offline (network unreachable)", retryable: true },
  EAI_AGAIN: { reason: "printer-host-not-found", message: "printer host name could not be resolved right now", retryable: true },
  ENOTFOUND: { reason: "printer-host-not-found", message: "printer host name does not resolve", retryable: false },
  DEPTH_ZERO_SELF_SIGNED_CERT: { reason: "printer-certificate-untrusted", message: "printer certificate is self-signed (allow self-signed certificates for this printer to accept it)", retryable: false },
  SELF_SIGNED_CERT_IN_CHAIN: { reason: "printer-certificate-untrusted", message: "printer certificate chain is self-signed (allow self-signed certificates for this printer to accept it)", retryable: false },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { reason: "printer-certificate-untrusted", message: "printer certificate cannot be verified", retryable: false },
  CERT_HAS_EXPIRED: { reason: "printer-certificate-untrusted", message: "printer certificate has expired", retryable: false },
  ERR_TLS_CERT_ALTNAME_INVALID: { reason: "printer-certificate-untrusted", message: "printer certificate is for another host name", retryable: false },
  EPROTO: { reason: "printer-tls-failed", message: "TLS handshake with the printer failed", retryable: false },
};

/** HTTP statuses other than 200, as the driver reports them. */
const HTTP_FAILURES: Readonly<Record<number, FailureKind & { code?: "unsupported" }>> = {
  401: { reason: "printer-requires-authentication", message: "printer requires authentication", retryable: false },
  403: { reason: "printer-forbidden", message: "printer refused access", retryable: false },
  404: { reason: "printer-path-not-found", message: "no IPP printer at this URI path", retryable: false },
  413: { reason: "document-too-large", message: "printer refused the document as too large", retryable: false, code: "unsupported" },
  426: { reason: "printer-requires-tls", message: "printer requires TLS (use an ipps:// URI)", retryable: false },
  503: { reason: "printer-busy", message: "printer busy (HTTP 503)", retryable: true },
};

/** Sockets whose certificate fault is only that nobody vouches for it. */
const SELF_SIGNED_FAULTS: ReadonlySet<string> = new Set(["DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN"]);

function failure(kind: FailureKind, cause?: unknown, code: "unavailable" | "unsupported" = "unavailable"): PrintvaktError {
  if (kind.retryable) return retryableError(kind.message, kind.reason, cause);
  return new PrintvaktError(code, kind.message, {
    userMessage: code === "unsupported" ? "The printer cannot print this document." : "The printer is not available right now.",
    details: { reason: kind.reason },
    cause,
  });
}

export function socketFailure(error: unknown): PrintvaktError {
  if (error instanceof PrintvaktError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === "string" ? SOCKET_FAILURES[code] : undefined;
  return failure(known ?? { reason: "connection-failed", message: `connection to the printer failed (${typeof code === "string" ? code : "unknown error"})`, retryable: false }, error);
}

export function malformedAnswer(message: string, cause?: unknown): PrintvaktError {
  return failure({ reason: "printer-answer-malformed", message: `printer sent a malformed answer: ${message}`, retryable: false }, cause);
}

/** Opens a TCP or TLS connection and resolves once it is ready; certificates are checked before any request byte is written. */
export function connect(endpoint: IppEndpoint, options: Pick<TransportOptions, "acceptSelfSigned" | "connectTimeoutMs">, signal?: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal));
    const socket = endpoint.tls
      ? tls.connect({
          host: endpoint.host,
          port: endpoint.port,
          // Node refuses an IP address as SNI name.
          ...(net.isIP(endpoint.host) === 0 ? { servername: endpoint.host } : {}),
          rejectUnauthorized: !options.acceptSelfSigned,
        })
      : net.connect({ host: endpoint.host, port: endpoint.port });
    const readyEvent = endpoint.tls ? "secureConnect" : "connect";
    const timer = setTimeout(() => fail(retryableError("printer did not accept the connection in time", "printer-offline")), options.connectTimeoutMs);
    const onAbort = () => fail(abortedError(signal as AbortSignal));
    const onError = (error: Error) => fail(socketFailure(error));
    const onReady = () => {
      const tlsSocket = socket as tls.TLSSocket;
      if (endpoint.tls && !tlsSocket.authorized) {
        const fault = String(tlsSocket.authorizationError ?? "");
        // rejectUnauthorized is off only when self-signed is allowed: every other fault still fails.
        if (!SELF_SIGNED_FAULTS.has(fault)) return fail(socketFailure(Object.assign(new Error(fault), { code: fault })));
      }
      cleanup();
      resolve(socket);
    };
    function cleanup() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.off("error", onError);
      socket.off(readyEvent, onReady);
    }
    function fail(error: PrintvaktError) {
      cleanup();
      socket.destroy();
      reject(error);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("error", onError);
    socket.once(readyEvent, onReady);
  });
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
 * Sends `header` and then, when given, the document from `openBody()` (opened only once the
 * connection is up, so a failed connect leaves no stream open) with chunked transfer encoding.
 * Resolves with the decoded answer. Retryable failures are marked (see retry.ts).
 */
export async function exchangeIpp(
  endpoint: IppEndpoint,
  header: Buffer,
  openBody: (() => Readable) | null,
  options: TransportOptions,
  signal?: AbortSignal,
): Promise<IppExchange> {
  const socket = await connect(endpoint, options, signal);
  return new Promise((resolve, reject) => {
    let settled = false;
    let bytesSent = 0;
    let body: Readable | undefined;
    let sourceError: unknown;
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

    const onAbort = () => fail(abortedError(signal as AbortSignal));
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) return onAbort();
    socket.setTimeout(options.idleTimeoutMs, () => fail(failure({ reason: "printer-not-responding", message: "printer stopped responding", retryable: false })));

    function cleanup() {
      settled = true;
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

    request.on("error", (error) => {
      if (sourceError !== undefined) return fail(sourceFailure());
      if (response !== undefined) return finishIfDone(true);
      fail(socketFailure(error));
    });
    request.on("finish", () => {
      responseTimer = setTimeout(() => fail(failure({ reason: "printer-not-responding", message: "printer did not answer in time", retryable: false })), options.responseTimeoutMs);
    });
    request.on("response", (answer) => {
      const statusCode = answer.statusCode ?? 0;
      if (statusCode !== 200) {
        const known = HTTP_FAILURES[statusCode];
        answer.resume();
        return fail(known ? failure(known, undefined, known.code) : failure({ reason: "printer-http-error", message: `printer answered HTTP ${statusCode}`, retryable: false }));
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
      answer.on("error", (error) => fail(socketFailure(error)));
    });

    if (openBody === null) {
      request.end(header);
      return;
    }
    try {
      body = openBody();
    } catch (error) {
      sourceError = error;
      return fail(sourceFailure());
    }
    body.once("error", (error) => {
      sourceError ??= error;
    });
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytesSent += chunk.length;
        callback(null, chunk);
      },
    });
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
