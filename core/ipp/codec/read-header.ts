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
import { Readable } from "node:stream";
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
 * Pulls chunks from `source` until the attribute section is complete. Rejects with IppDecodeError
 * when it is malformed, over the limits, or when the stream ends (or fails) before it is complete.
 */
export async function readIppHeader(
  source: AsyncIterable<Uint8Array> | Readable,
  limits?: Partial<IppDecodeLimits>,
  options: IppDecodeOptions = {},
): Promise<IppHeaderAndBody> {
  const resolved = resolveDecodeLimits(limits);
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const header = new HeaderBuffer(resolved.maxHeaderBytes);
  for (;;) {
    let step: IteratorResult<unknown>;
    try {
      step = await iterator.next();
    } catch (error) {
      throw new IppDecodeError("truncated", "the request stream failed before the attribute section was complete", header.length, { cause: error });
    }
    const ended = step.done === true;
    if (!ended) {
      const piece = toBuffer(step.value);
      if (piece.length === 0) continue;
      header.push(piece);
      if (!header.attemptDue()) continue;
    }
    const octets = header.forAttempt();
    const result = decodeIppMessage(octets, resolved, options);
    if (result.kind === "complete") return { message: result.message, body: bodyStream(header.after(result.bodyOffset), iterator) };
    if (ended) throw new IppDecodeError("truncated", "the request ended before the end of the attribute section", octets.length);
    header.stillNeeds(result.needed);
  }
}
