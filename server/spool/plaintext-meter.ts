// Counts, hashes and samples the plaintext on its way into the cipher.
import { createHash } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";

export const HEAD_BYTES = 64;

/**
 * Measures the document while it streams, so the caller learns its size, a hash for proving
 * byte-identity later and the first bytes for format sniffing without the spool ever keeping
 * plaintext. Refuses with "too-large" as soon as the limit is crossed, before the excess is encrypted.
 */
export class PlaintextMeter {
  readonly #maxBytes: number;
  readonly #hash = createHash("sha256");
  #head = Buffer.alloc(0);
  #bytes = 0;

  constructor(
    maxBytes: number,
    /** Sees every plaintext chunk once, in order (sniffing and page counting), before it is encrypted. */
    private readonly observe?: (chunk: Buffer) => void,
  ) {
    this.#maxBytes = maxBytes;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** A copy, so the head never pins a larger input buffer in memory. */
  get head(): Buffer {
    return Buffer.from(this.#head);
  }

  /** Only meaningful once the whole document was measured. */
  sha256(): string {
    return this.#hash.copy().digest("hex");
  }

  /** Takes the next chunk into account; throws "too-large" (or what the observer throws) instead. */
  measure(chunk: Buffer): void {
    this.#bytes += chunk.length;
    if (this.#bytes > this.#maxBytes) {
      throw new PrintvaktError("too-large", `document exceeds the limit of ${this.#maxBytes} bytes`, { details: { maxBytes: this.#maxBytes } });
    }
    if (this.#head.length < HEAD_BYTES) {
      this.#head = Buffer.concat([this.#head, chunk.subarray(0, HEAD_BYTES - this.#head.length)]);
    }
    this.#hash.update(chunk);
    this.observe?.(chunk);
  }
}
