// Releases jobs to a printer's raw TCP port (socket://host:9100): bytes in, no job attributes, no job tracking.
import type { Socket } from "node:net";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import { resolveDocumentFormat } from "../../core/documents/format-sniffer.js";
import { supportedFormat } from "./ipp-capabilities.js";
import { connect, type AddressCheck } from "./printer-connection.js";
import { templateNames } from "./job-template.js";
import { abortedError, DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from "./retry.js";
import { statusWithoutCapabilities, unreachableStatus, type OutgoingJob, type PrinterDriver, type PrinterStatus, type SubmitResult } from "./printer-driver.js";

export interface RawSocketPrinterOptions {
  connectTimeoutMs?: number;
  /** Longest silence while the printer takes the document. */
  idleTimeoutMs?: number;
  /** Longest wait, after the last byte, for the printer to close its side (many close only when done). */
  closeTimeoutMs?: number;
  /** Connecting is retried; sending is not, since a printer that took half a document may have printed it. */
  retry?: Partial<RetryPolicy>;
  /** What the printer is known to understand; unset means anything goes, unchecked. */
  formats?: string[];
  /** Checked against every address the printer's host resolves to, at each connection. */
  allowAddress?: AddressCheck;
}

const RAW_PORT = 9100;

export class RawSocketPrinter implements PrinterDriver {
  readonly #host: string;
  readonly #port: number;
  readonly #connectTimeoutMs: number;
  readonly #idleTimeoutMs: number;
  readonly #closeTimeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #formats: string[] | undefined;
  readonly #allowAddress: AddressCheck | undefined;

  constructor(uri: URL, options: RawSocketPrinterOptions = {}) {
    this.#host = uri.hostname.replace(/^\[(.*)\]$/, "$1");
    this.#port = uri.port === "" ? RAW_PORT : Number(uri.port);
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 30_000;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#formats = options.formats;
    this.#allowAddress = options.allowAddress;
  }

  /** Reachable means a TCP connection opens; the port says nothing about the printer's state. */
  async probe(signal?: AbortSignal): Promise<PrinterStatus> {
    let socket: Socket;
    try {
      socket = await this.#connect(signal);
    } catch (error) {
      const failure = toPrintvaktError(error);
      if (failure.code !== "unavailable") throw failure;
      return unreachableStatus(String(failure.details?.["reason"] ?? "printer-unreachable"));
    }
    socket.destroy();
    return statusWithoutCapabilities(true, [], this.#formats ?? []);
  }

  async submit(job: OutgoingJob, signal?: AbortSignal): Promise<SubmitResult> {
    const documentFormat = resolveDocumentFormat(job.documentFormat, job.head);
    if (this.#formats !== undefined && supportedFormat(documentFormat, this.#formats) === undefined) {
      throw new PrintvaktError("unsupported", `the printer does not support ${documentFormat}`, {
        userMessage: "This printer cannot print this kind of document.",
        details: { reason: "document-format-not-supported", documentFormat },
      });
    }
    const socket = await withRetry(
      () => this.#connect(signal),
      this.#retry,
      (attempt, delayMs, error) => job.onProgress?.({ stage: "retrying", attempt, delayMs, reason: String(error.details?.["reason"] ?? error.message) }),
      signal,
    );
    try {
      await job.beforeSending?.();
    } catch (error) {
      socket.destroy();
      throw error;
    }
    job.onProgress?.({ stage: "sending", attempt: 1 });
    const bytesSent = await this.#send(socket, job, signal);
    const closed = await waitForClose(socket, this.#closeTimeoutMs);
    job.onProgress?.({ stage: "sent", bytesSent, printerJobId: null });
    // A raw port has no job attributes: say which of the user's choices the printer never heard of.
    const reasons = templateNames(job.template).map((name) => `${name}-not-applied`);
    if (!closed) reasons.push("printer-did-not-close-connection");
    return { printerJobId: null, finalState: "sent", reasons, bytesSent, documentFormat };
  }

  #connect(signal?: AbortSignal): Promise<Socket> {
    return connect({ host: this.#host, port: this.#port, path: "", tls: false }, { acceptSelfSigned: false, connectTimeoutMs: this.#connectTimeoutMs, allowAddress: this.#allowAddress }, signal);
  }

  /** Streams the document and half-closes; whatever the printer says back is read and dropped. */
  async #send(socket: Socket, job: OutgoingJob, signal?: AbortSignal): Promise<number> {
    let bytesSent = 0;
    let sourceError: unknown;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytesSent += chunk.length;
        callback(null, chunk);
      },
    });
    socket.setTimeout(this.#idleTimeoutMs, () => socket.destroy(Object.assign(new Error("printer stopped taking data"), { code: "ETIMEDOUT" })));
    socket.resume();
    const body = job.openBody();
    // A reset, not a clean end: a printer that sees the stream end normally prints the half document it
    // has. Best effort only: when the reset overtakes data still in flight, Linux shows the printer a
    // plain end of stream (checked), so raw 9100 cannot promise a cut document is thrown away.
    // This runs before pipeline's own clean-up, which would end the connection politely.
    const cutOff = (error: unknown) => {
      sourceError ??= error;
      if (!socket.destroyed) socket.resetAndDestroy();
    };
    body.once("error", cutOff);
    const onAbort = () => body.destroy(abortedError(signal as AbortSignal));
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      if (signal?.aborted) onAbort();
      await pipeline(body, counter, socket);
      // From here the wait for the printer to close is bounded by closeTimeoutMs instead.
      socket.setTimeout(0);
      return bytesSent;
    } catch (error) {
      if (!socket.destroyed) socket.resetAndDestroy();
      if (sourceError !== undefined) throw toPrintvaktError(sourceError);
      throw new PrintvaktError("unavailable", "connection to the printer failed while sending; part of the document may have printed", {
        userMessage: "The printer is not available right now.",
        details: { reason: "connection-lost-while-sending", bytesSent },
        cause: error,
      });
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }
}

/** True when the printer closed its side in time; the socket is closed either way. */
function waitForClose(socket: Socket, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, timeoutMs);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.once("error", () => undefined);
  });
}
