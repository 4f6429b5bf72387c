// Releases jobs to a printer's raw TCP port (socket://host:9100): bytes in, no job attributes, no job tracking.
import type { Socket } from "node:net";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checkedFormat, ConnectionPrinter, sendingBrokeOff, sentResult, waitForClose, type ConnectionPrinterOptions } from "./connection-printer.js";
import { abortedError } from "./retry.js";
import type { OutgoingJob, SubmitResult } from "./printer-driver.js";
import { holdSocketErrors } from "./printer-connection.js";

export interface RawSocketPrinterOptions extends ConnectionPrinterOptions {
  /** Longest wait, after the last byte, for the printer to close its side (many close only when done). */
  closeTimeoutMs?: number;
}

const RAW_PORT = 9100;

export class RawSocketPrinter extends ConnectionPrinter {
  readonly #closeTimeoutMs: number;

  constructor(uri: URL, options: RawSocketPrinterOptions = {}) {
    super(uri, RAW_PORT, options);
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 30_000;
  }

  async submit(job: OutgoingJob, signal?: AbortSignal): Promise<SubmitResult> {
    const documentFormat = checkedFormat(job, this.formats);
    const socket = await this.open(job, signal);
    const stopHolding = holdSocketErrors(socket);
    try {
      await job.beforeSending?.();
    } catch (error) {
      stopHolding();
      socket.destroy();
      throw error;
    }
    const lost = stopHolding();
    if (lost !== undefined) throw lost;
    job.onProgress?.({ stage: "sending", attempt: 1 });
    const bytesSent = await this.#send(socket, job, signal);
    const closed = await waitForClose(socket, this.#closeTimeoutMs);
    return sentResult(job, bytesSent, closed, documentFormat);
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
      // From the end of this step the wait for the printer to close is bounded by closeTimeoutMs instead.
      await this.timedStep(socket, () => pipeline(body, counter, socket));
      return bytesSent;
    } catch (error) {
      throw sendingBrokeOff(socket, sourceError, bytesSent, error);
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }
}
