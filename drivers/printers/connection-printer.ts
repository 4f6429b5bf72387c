// What the raw TCP (9100) and LPD drivers share: printers reached over one plain TCP connection per
// job, which cannot tell what they print (the admin declares it) and have no job tracking.
import type { Socket } from "node:net";
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import { resolveDocumentFormat } from "../../core/documents/format-sniffer.js";
import { supportedFormat } from "./ipp-capabilities.js";
import { templateNames } from "./job-template.js";
import { connect, type AddressCheck } from "./printer-connection.js";
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from "./retry.js";
import { statusWithoutCapabilities, unreachableStatus, type OutgoingJob, type PrinterDriver, type PrinterStatus, type SubmitResult } from "./printer-driver.js";

export interface ConnectionPrinterOptions {
  connectTimeoutMs?: number;
  /** Connecting is retried; sending is not, since a printer that took half a document may have printed it. */
  retry?: Partial<RetryPolicy>;
  /** What the printer is known to understand; unset means anything goes, unchecked. */
  formats?: string[];
  /** Checked against every address the printer's host resolves to, at each connection. */
  allowAddress?: AddressCheck;
  /** Longest silence while the printer takes the document. */
  idleTimeoutMs?: number;
  /**
   * Longest the document step may take in all, however steadily octets keep moving: a printer that
   * trickles an octet now and then restarts the idle timeout forever, and its release queue would
   * wait on it for good (security review of 2026-12-06, F1). Generous, as a raw 9100 printer may
   * take a long document only as fast as it prints. The other steps each wait a fixed time already
   * (connectTimeoutMs, LPD's ackTimeoutMs, closeTimeoutMs), which octets do not restart.
   */
  stepDeadlineMs?: number;
}

export abstract class ConnectionPrinter implements PrinterDriver {
  readonly #host: string;
  readonly #port: number;
  readonly #connectTimeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #allowAddress: AddressCheck | undefined;
  readonly #idleTimeoutMs: number;
  readonly #stepDeadlineMs: number;
  protected readonly formats: string[] | undefined;

  constructor(uri: URL, defaultPort: number, options: ConnectionPrinterOptions) {
    this.#host = uri.hostname.replace(/^\[(.*)\]$/, "$1");
    this.#port = uri.port === "" ? defaultPort : Number(uri.port);
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.formats = options.formats;
    this.#allowAddress = options.allowAddress;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.#stepDeadlineMs = options.stepDeadlineMs ?? 30 * 60_000;
  }

  probe(signal?: AbortSignal): Promise<PrinterStatus> {
    return probeByConnecting(() => this.#connect(signal), this.formats);
  }

  abstract submit(job: OutgoingJob, signal?: AbortSignal): Promise<SubmitResult>;

  /** The connection for a job, tried again while the printer is offline or busy, each wait reported. */
  protected open(job: OutgoingJob, signal?: AbortSignal): Promise<Socket> {
    return withRetry(
      () => this.#connect(signal),
      this.#retry,
      (attempt, delayMs, error) => job.onProgress?.({ stage: "retrying", attempt, delayMs, reason: String(error.details?.["reason"] ?? error.message) }),
      signal,
    );
  }

  /**
   * Runs one step of the conversation with both limits armed: the idle timeout and the step's
   * deadline. Either one destroys the socket with the same error, so the driver reports a deadline
   * exactly as it reports an idle timeout (the step's own failure path, e.g. sendingBrokeOff).
   */
  protected async timedStep<T>(socket: Socket, step: () => Promise<T>): Promise<T> {
    socket.setTimeout(this.#idleTimeoutMs, () => socket.destroy(timedOut("printer stopped taking data")));
    const deadline = setTimeout(() => socket.destroy(timedOut(`printer did not finish the step within ${this.#stepDeadlineMs} ms`)), this.#stepDeadlineMs);
    try {
      return await step();
    } finally {
      clearTimeout(deadline);
      socket.setTimeout(0);
    }
  }

  #connect(signal?: AbortSignal): Promise<Socket> {
    return connect({ host: this.#host, port: this.#port, path: "", tls: false }, { acceptSelfSigned: false, connectTimeoutMs: this.#connectTimeoutMs, allowAddress: this.#allowAddress }, signal);
  }
}

/** A socket error as a timed-out connection gives one, so socketFailure and sendingBrokeOff treat both alike. */
function timedOut(message: string): Error {
  return Object.assign(new Error(message), { code: "ETIMEDOUT" });
}

/** "sent" (no job tracking), with which of the user's choices the printer never heard of: no job attributes go over these protocols. */
export function sentResult(job: OutgoingJob, bytesSent: number, closed: boolean, documentFormat: string): SubmitResult {
  job.onProgress?.({ stage: "sent", bytesSent, printerJobId: null });
  const reasons = templateNames(job.template).map((name) => `${name}-not-applied`);
  if (!closed) reasons.push("printer-did-not-close-connection");
  return { printerJobId: null, finalState: "sent", reasons, bytesSent, documentFormat };
}

/**
 * Sending broke off: the document stream's own error if it failed (read, decryption, conversion),
 * else the connection was lost with part of the document sent. The socket is reset, not ended:
 * a printer that sees a clean end would take the cut document as complete.
 */
export function sendingBrokeOff(socket: Socket, sourceError: unknown, bytesSent: number, cause: unknown): PrintvaktError {
  if (!socket.destroyed) socket.resetAndDestroy();
  if (sourceError !== undefined) return toPrintvaktError(sourceError);
  return new PrintvaktError("unavailable", "connection to the printer failed while sending; part of the document may have printed", {
    userMessage: "The printer is not available right now.",
    details: { reason: "connection-lost-while-sending", bytesSent },
    cause,
  });
}

/** Reachable means a TCP connection opens; the port says nothing about the printer's state. */
async function probeByConnecting(open: () => Promise<Socket>, formats: string[] | undefined): Promise<PrinterStatus> {
  let socket: Socket;
  try {
    socket = await open();
  } catch (error) {
    const failure = toPrintvaktError(error);
    if (failure.code !== "unavailable") throw failure;
    return unreachableStatus(String(failure.details?.["reason"] ?? "printer-unreachable"));
  }
  socket.destroy();
  return statusWithoutCapabilities(true, [], formats ?? []);
}

/** The job's real format; refused before connecting when the printer's known formats lack it (unset: anything goes, unchecked). */
export function checkedFormat(job: OutgoingJob, formats: string[] | undefined): string {
  const documentFormat = resolveDocumentFormat(job.documentFormat, job.head);
  if (formats !== undefined && supportedFormat(documentFormat, formats) === undefined) {
    throw new PrintvaktError("unsupported", `the printer does not support ${documentFormat}`, {
      userMessage: "This printer cannot print this kind of document.",
      details: { reason: "document-format-not-supported", documentFormat },
    });
  }
  return documentFormat;
}

/** True when the printer closed its side in time; the socket is closed either way. */
export function waitForClose(socket: Socket, timeoutMs: number): Promise<boolean> {
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
