// A cursor over the received octets that never reads past the data or past the header size limit.
import { IppDecodeError } from "./decode-error.js";

/** Thrown inside the decoder when the buffer ends early; turned into an "incomplete" result. */
export class NeedMoreOctets {
  /** The smallest buffer length at which decoding can get further. */
  readonly needed: number;
  constructor(needed: number) {
    this.needed = needed;
  }
}

const EMPTY = Buffer.alloc(0);

export class OctetReader {
  #position = 0;
  readonly #octets: Buffer;
  readonly #maxOctets: number;

  constructor(octets: Buffer, maxOctets: number) {
    this.#octets = octets;
    this.#maxOctets = maxOctets;
  }

  get position(): number {
    return this.#position;
  }

  /**
   * Lengths are unsigned 16-bit, so a request can never move the cursor backwards (the `ipp`
   * package reads them signed, which is its endless loop). A length that would cross the header
   * limit fails now, without waiting for octets that could never be accepted.
   */
  #claim(count: number): number {
    const start = this.#position;
    const end = start + count;
    if (end > this.#maxOctets) {
      throw new IppDecodeError("header-too-large", `attribute section is larger than ${this.#maxOctets} octets`, start);
    }
    if (end > this.#octets.length) throw new NeedMoreOctets(end);
    this.#position = end;
    return start;
  }

  uint8(): number {
    return this.#octets.readUInt8(this.#claim(1));
  }

  uint16(): number {
    return this.#octets.readUInt16BE(this.#claim(2));
  }

  int32(): number {
    return this.#octets.readInt32BE(this.#claim(4));
  }

  /** A view of the next `count` octets (not a copy: callers copy what they keep). */
  take(count: number): Buffer {
    const start = this.#claim(count);
    // Empty names and values are the common case (additional values, out-of-band values,
    // collection delimiters): sharing one empty view avoids most allocations in a flood of them.
    return count === 0 ? EMPTY : this.#octets.subarray(start, start + count);
  }
}
