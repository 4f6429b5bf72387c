// Releases jobs to an LPD queue (lpd://host[:port]/queue, RFC 1179): the "receive job" command,
// the control file, then the data file, each step acknowledged by the server with a zero octet.
//
// Hand-written over node:net rather than taken from a library: it is Printvakt's printing path,
// the protocol is a few lines and acknowledgements, and what matters is exactly when document
// bytes start to leave (beforeSending, "may have printed") and that every step has a time limit.
// No LPD client is among the npm registry's widely used packages (none in the project's package
// index), and the few small ones seen elsewhere buffer the whole document and take the title as the
// job name. Control file first, as CUPS's own lpd backend does by default: the server can refuse
// the job before any document byte is sent, and cups-lpd accepts either order.
import { once } from "node:events";
import { hostname } from "node:os";
import type { Socket } from "node:net";
import { PrintvaktError } from "../../core/errors.js";
import { checkedFormat, ConnectionPrinter, sendingBrokeOff, sentResult, waitForClose, type ConnectionPrinterOptions } from "./connection-printer.js";
import { Acknowledgements, ABORT_JOB, CONTROL_FILE, commandLine, DATA_FILE, jobFiles, RECEIVE_JOB } from "./lpd-protocol.js";
import { abortedError } from "./retry.js";
import type { OutgoingJob, SubmitResult } from "./printer-driver.js";

/** Connecting is retried (ConnectionPrinterOptions.retry); nothing after it: a refusal or a dropped step is not "busy". */
export interface LpdPrinterOptions extends ConnectionPrinterOptions {
  /** Longest wait for each acknowledgement, the last one (after the document) included. */
  ackTimeoutMs?: number;
  /** Longest wait, after the job is acknowledged, for the server to close its side. */
  closeTimeoutMs?: number;
  /** The sending host named in the control file; this machine's name by default. */
  hostName?: string;
}

export const LPD_PORT = 515;
/** The job and document name the printer's queue and banner show: titles are personal data. */
const JOB_NAME = "Printvakt";
let jobCounter = Math.floor(Math.random() * 1000);

// probe(): LPD's queue-state answer is free text in no fixed form, so only the connection is tried.
export class LpdPrinter extends ConnectionPrinter {
  readonly #queue: string;
  readonly #options: Required<Pick<LpdPrinterOptions, "ackTimeoutMs" | "closeTimeoutMs" | "hostName">>;

  constructor(uri: URL, options: LpdPrinterOptions = {}) {
    super(uri, LPD_PORT, options);
    this.#queue = decodeURIComponent(uri.pathname.slice(1));
    this.#options = {
      ackTimeoutMs: options.ackTimeoutMs ?? 60_000,
      closeTimeoutMs: options.closeTimeoutMs ?? 30_000,
      hostName: options.hostName ?? hostname(),
    };
  }

  async submit(job: OutgoingJob, signal?: AbortSignal): Promise<SubmitResult> {
    const documentFormat = checkedFormat(job, this.formats);
    // The data file's length is announced before its first byte: a conversion still running has none yet.
    if (job.sizeExact !== true) {
      throw new PrintvaktError("unsupported", "an LPD printer needs the document's exact size before it is sent, and the converted document's size is not known", {
        userMessage: "This document is too large for this printer once converted.",
        details: { reason: "document-too-large" },
      });
    }
    const socket = await this.open(job, signal);
    const onAbort = () => socket.destroy(abortedError(signal as AbortSignal));
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const bytesSent = await this.#converse(socket, job, signal);
      // The server prints once it sees the end of the connection (cups-lpd, most printers).
      socket.end();
      return sentResult(job, bytesSent, await waitForClose(socket, this.#options.closeTimeoutMs), documentFormat);
    } finally {
      signal?.removeEventListener("abort", onAbort);
      // After "abort job" the server gets a moment to read it and close; otherwise the connection goes now.
      if (!socket.writableEnded) socket.destroy();
      else if (!socket.destroyed) setTimeout(() => socket.destroy(), 1_000).unref();
    }
  }

  async #converse(socket: Socket, job: OutgoingJob, signal?: AbortSignal): Promise<number> {
    const acks = new Acknowledgements(socket);
    const step = async (bytes: Buffer, what: string) => {
      socket.write(bytes);
      const octet = await acks.next(this.#options.ackTimeoutMs);
      if (octet !== 0) throw refused(what, octet, this.#queue);
    };
    jobCounter = (jobCounter + 1) % 1000;
    const files = jobFiles({ host: this.#options.hostName, jobNumber: String(jobCounter).padStart(3, "0"), jobName: JOB_NAME });
    await step(commandLine(RECEIVE_JOB, this.#queue), "the job");
    await step(commandLine(CONTROL_FILE, String(files.control.length), files.controlName), "the control file");
    await step(Buffer.concat([files.control, Buffer.from([0])]), "the control file");
    try {
      await job.beforeSending?.();
      if (signal?.aborted) throw abortedError(signal);
    } catch (error) {
      // "Abort job" (RFC 1179 §6.1): the server drops the control file it has.
      socket.end(commandLine(ABORT_JOB));
      throw error;
    }
    await step(commandLine(DATA_FILE, String(job.sizeBytes), files.dataName), "the document");
    job.onProgress?.({ stage: "sending", attempt: 1 });
    const bytesSent = await this.timedStep(socket, () => this.#sendData(socket, job));
    const octet = await acks.next(this.#options.ackTimeoutMs);
    // The server has every byte; a refusal now cannot prove that nothing printed.
    if (octet !== 0) {
      throw new PrintvaktError("unavailable", `the LPD server refused the document after receiving it (answer ${octet})`, {
        userMessage: "The printer may already have printed this job.",
        details: { reason: "refused-after-data", bytesSent },
      });
    }
    return bytesSent;
  }

  /** The document, exactly as many bytes as announced, then the terminating zero octet. */
  async #sendData(socket: Socket, job: OutgoingJob): Promise<number> {
    let bytesSent = 0;
    let sourceError: unknown;
    const body = job.openBody();
    body.once("error", (error) => (sourceError ??= error));
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (bytesSent + chunk.length > job.sizeBytes) throw new Error("the document is longer than announced");
        bytesSent += chunk.length;
        if (!socket.write(chunk)) await drained(socket);
      }
      if (bytesSent !== job.sizeBytes) throw new Error("the document is shorter than announced");
      socket.write(Buffer.from([0]));
      return bytesSent;
    } catch (error) {
      body.destroy();
      throw sendingBrokeOff(socket, sourceError, bytesSent, error);
    }
  }
}

/** Resolves when the socket takes more; fails when it errs or closes first (a close alone would leave "drain" unawaited for good). */
async function drained(socket: Socket): Promise<void> {
  // Already gone (a limit cut it while the document stream was being read): "close" will not come again.
  if (socket.destroyed) throw new Error("the connection closed while sending");
  const closing = new AbortController();
  try {
    await Promise.race([once(socket, "drain", { signal: closing.signal }), once(socket, "close", { signal: closing.signal }).then(() => Promise.reject(new Error("the connection closed while sending")))]);
  } finally {
    closing.abort();
  }
}

/** The server answered a step with a non-zero octet: nothing of the document had been sent. */
function refused(what: string, octet: number, queue: string): PrintvaktError {
  return new PrintvaktError("unavailable", `the LPD server refused ${what} for queue ${JSON.stringify(queue)} (answer ${octet})`, {
    userMessage: "The printer refused the job.",
    details: { reason: "printer-refused-job", answer: octet },
  });
}
