// Reads the attribute section from a request stream and hands back the document data as a stream.
//
// Design notes
// - Only the attribute section is buffered (at most maxHeaderBytes); the document
//   (up to gigabytes) is never held: the returned body pulls the source one chunk at a time, as
//   its own reader asks, so backpressure reaches the socket.
// - Decoding restarts from the first octet on each attempt. To keep that linear, an attempt is
//   made only when the decoder's `needed` length has arrived, and after the first few attempts
//   only when the buffer has doubled (or reached the limit, where the decoder must decide).
//   Waiting for growth only delays an answer while more octets are on the way; the end of the
//   stream always triggers a last attempt.
// - The source is never destroyed here. On a decode error, or when the body is destroyed, the
//   caller decides what to do with it (an HTTP handler still wants to answer on that connection).
import { finished, Readable } from "node:stream";
import { PrintvaktError } from "../../errors.js";
import { decodeIppMessage, resolveDecodeLimits, type IppDecodeOptions } from "./decode.js";
import { IppDecodeError } from "./decode-error.js";
import type { IppDecodeLimits, IppMessage } from "./types.js";

/** Attempts made as soon as `needed` octets are there, before switching to doubling. */
const EAGER_ATTEMPTS = 16;

export interface IppHeaderAndBody {
  message: IppMessage;
  /** The document data: the octets after end-of-attributes, then the rest of the source. */
  body: Readable;
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  // A string chunk means someone set an encoding on the request: the octets are already lost.
  throw new PrintvaktError("internal", "the IPP request stream yielded something other than bytes");
}

/**
 * The document data as a stream that pulls `source` one chunk per read. Written out rather than
 * Readable.from over an async generator: each chunk went through the generator's own awaits and
 * Readable.from's, several promise turns per chunk, ~1,600 chunks for a 100 MB document (issue 13).
 */
function bodyStream(leftover: Buffer[], source: AsyncIterator<unknown>): Readable {
  let queued = leftover;
  let pulling = false;
  const body = new Readable({
    read() {
      if (queued.length > 0) {
        const pieces = queued;
        queued = [];
        for (const piece of pieces) body.push(piece);
        return;
      }
      if (!pulling) pull();
    },
    // Destroying the body leaves the source alone: its owner (the HTTP layer) still answers on it.
  });
  const pull = (): void => {
    pulling = true;
    source.next().then(
      (step) => {
        pulling = false;
        if (body.destroyed) return;
        if (step.done === true) {
          body.push(null);
          return;
        }
        let piece: Buffer;
        try {
          piece = toBuffer(step.value);
        } catch (error) {
          body.destroy(error as Error);
          return;
        }
        // An empty chunk gives nothing to push, and so no next read: ask for the next one here.
        if (piece.length === 0) pull();
        else body.push(piece);
      },
      (error: unknown) => {
        pulling = false;
        body.destroy(error as Error);
      },
    );
  };
  return body;
}

/**
 * The octets received so far, in one growing buffer that never holds more than maxHeaderBytes
 * (the decoder can always decide within that many). Copying each chunk in once, instead of
 * keeping a list to concatenate per attempt, keeps a drip of one-octet chunks from costing an
 * object each or a copy of everything each time. Octets past the window are kept as they came
 * and handed to the body. Exported for its test, which checks attempts stay logarithmic.
 */
export class HeaderBuffer {
  #window: Buffer = Buffer.alloc(0);
  #length = 0;
  #overflow: Buffer[] = [];
  #attempts = 0;
  #lengthAtLastAttempt = 0;
  #needed = 1;
  readonly #maxHeaderBytes: number;

  constructor(maxHeaderBytes: number) {
    this.#maxHeaderBytes = maxHeaderBytes;
  }

  get length(): number {
    return this.#length;
  }

  push(piece: Buffer): void {
    const taken = Math.min(piece.length, this.#maxHeaderBytes - this.#length);
    if (taken < piece.length) this.#overflow.push(piece.subarray(taken));
    if (taken === 0) return;
    if (this.#length + taken > this.#window.length) {
      const grown = Buffer.alloc(Math.min(this.#maxHeaderBytes, Math.max(4096, 2 * this.#window.length, this.#length + taken)));
      this.#window.copy(grown, 0, 0, this.#length);
      this.#window = grown;
    }
    piece.copy(this.#window, this.#length, 0, taken);
    this.#length += taken;
  }

  attemptDue(): boolean {
    if (this.#length >= this.#maxHeaderBytes) return true;
    if (this.#length < this.#needed) return false;
    return this.#attempts < EAGER_ATTEMPTS || this.#length >= 2 * this.#lengthAtLastAttempt;
  }

  /** A view of the octets in the window; records the attempt. */
  forAttempt(): Buffer {
    this.#attempts += 1;
    this.#lengthAtLastAttempt = this.#length;
    return this.#window.subarray(0, this.#length);
  }

  stillNeeds(needed: number): void {
    this.#needed = needed;
  }

  /** What follows the attribute section: the rest of the window, then any overflow. */
  after(bodyOffset: number): Buffer[] {
    return [this.#window.subarray(bodyOffset, this.#length), ...this.#overflow].filter((piece) => piece.length > 0);
  }
}

/**
 * Reads chunks from `source` until the attribute section is complete. Rejects with IppDecodeError
 * when it is malformed, over the limits, or when the stream ends (or fails) before it is complete.
 * A node stream (an HTTP request) is read by its events, any other source through its iterator.
 */
export async function readIppHeader(
  source: AsyncIterable<Uint8Array> | Readable,
  limits?: Partial<IppDecodeLimits>,
  options: IppDecodeOptions = {},
): Promise<IppHeaderAndBody> {
  const resolved = resolveDecodeLimits(limits);
  if (source instanceof Readable) return readFromStream(source, resolved, options);
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const header = new HeaderBuffer(resolved.maxHeaderBytes);
  for (;;) {
    let step: IteratorResult<unknown>;
    try {
      step = await iterator.next();
    } catch (error) {
      throw streamFailed(header, error);
    }
    const ended = step.done === true;
    if (!ended) {
      const piece = toBuffer(step.value);
      if (piece.length === 0) continue;
      header.push(piece);
      if (!header.attemptDue()) continue;
    }
    const decoded = attempt(header, resolved, options, ended);
    if (decoded !== undefined) return { message: decoded.message, body: bodyStream(header.after(decoded.offset), iterator) };
  }
}

/** One decode of what has arrived: the message and where the document starts, or undefined while more is needed. */
function attempt(header: HeaderBuffer, limits: IppDecodeLimits, options: IppDecodeOptions, ended: boolean): { message: IppMessage; offset: number } | undefined {
  const octets = header.forAttempt();
  const result = decodeIppMessage(octets, limits, options);
  if (result.kind === "complete") return { message: result.message, offset: result.bodyOffset };
  if (ended) throw new IppDecodeError("truncated", "the request ended before the end of the attribute section", octets.length);
  header.stillNeeds(result.needed);
  return undefined;
}

function streamFailed(header: HeaderBuffer, cause: unknown): IppDecodeError {
  return new IppDecodeError("truncated", "the request stream failed before the attribute section was complete", header.length, { cause });
}

/**
 * The stream's path: its 'data' events until the section is complete, then the stream is paused
 * and the body takes over (streamBody). Through the stream's async iterator, every chunk of the
 * document cost a promise and a read() that may join buffered chunks into a new one: 0.5-0.7 ms of
 * CPU per MB received, a tenth of the server's (issue 13).
 */
function readFromStream(stream: Readable, limits: IppDecodeLimits, options: IppDecodeOptions): Promise<IppHeaderAndBody> {
  const header = new HeaderBuffer(limits.maxHeaderBytes);
  return new Promise((resolve, reject) => {
    let settled = false;
    const stop = () => {
      settled = true;
      stream.off("data", onData);
      stopWatching();
    };
    const fail = (error: unknown) => {
      stop();
      // Left to its owner as it is: paused, not read on (the HTTP layer may, to answer).
      stream.pause();
      reject(error);
    };
    const succeed = (decoded: { message: IppMessage; offset: number }) => {
      stop();
      stream.pause();
      resolve({ message: decoded.message, body: streamBody(header.after(decoded.offset), stream) });
    };
    const onData = (chunk: unknown) => {
      if (settled) return;
      try {
        const piece = toBuffer(chunk);
        if (piece.length === 0) return;
        header.push(piece);
        if (!header.attemptDue()) return;
        const decoded = attempt(header, limits, options, false);
        if (decoded !== undefined) succeed(decoded);
      } catch (error) {
        fail(error);
      }
    };
    const stopWatching = finished(stream, { writable: false }, (error) => {
      if (settled) return;
      if (error) return fail(streamFailed(header, error));
      try {
        succeed(attempt(header, limits, options, true)!);
      } catch (failure) {
        fail(failure);
      }
    });
    stream.on("data", onData);
  });
}

/**
 * The document data of a stream whose attribute section was read: the octets that came with the
 * section, then the stream's own chunks, pushed as they come and the stream paused whenever the
 * body's reader is behind (backpressure to the socket). Destroying the body only lets go of the
 * stream, which stays its owner's to answer on.
 *
 * Nothing happens before the body's first read (security review of this change): until then what
 * arrives stays in the request, where the pace rule (upload-pace.ts) sees that the server is the
 * slow side, and the request's end or failure is only noted. A failure raised on a body nobody
 * reads yet would be an 'error' without a listener: an uncaught exception, so a client closing
 * its connection while the operation was still checking would have stopped the server.
 */
function streamBody(leftover: Buffer[], stream: Readable): Readable {
  let detach = (): void => undefined;
  let started = false;
  /** The stream's end (error undefined) or failure, when it came before the first read. */
  let outcome: { error?: Error } | undefined = stream.readableEnded ? {} : undefined;
  const settle = (error?: Error) => {
    if (error) body.destroy(error);
    else body.push(null);
  };
  const body = new Readable({
    read() {
      if (!started) {
        started = true;
        for (const piece of leftover) body.push(piece);
        if (outcome) return settle(outcome.error);
      }
      stream.resume();
    },
    destroy(error, callback) {
      detach();
      callback(error);
    },
  });
  if (outcome) return body;
  const onData = (chunk: unknown) => {
    let piece: Buffer;
    try {
      piece = toBuffer(chunk);
    } catch (error) {
      body.destroy(error as Error);
      return;
    }
    if (piece.length === 0) return;
    if (!started) {
      // Resumed by someone else before the first read: kept in order, behind the leftover.
      leftover.push(piece);
      stream.pause();
    } else if (!body.push(piece)) stream.pause();
  };
  const stopWatching = finished(stream, { writable: false }, (error) => {
    detach();
    if (started) settle(error ?? undefined);
    else outcome = { error: error ?? undefined };
  });
  detach = () => {
    stream.off("data", onData);
    stopWatching();
  };
  // The stream is paused (readFromStream) and only resumed by a read: chunks flow as the body is read.
  stream.on("data", onData);
  return body;
}
