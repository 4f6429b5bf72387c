// A queue of buffers that hands out exact-length slices, so streams can re-cut their input into records.

/** Pieces shorter than this are joined as they arrive, into a piece of about COALESCE_BYTES. */
const SMALL_PIECE_BYTES = 512;
const COALESCE_BYTES = 16 * 1024;

/**
 * Appending with Buffer.concat on every write would copy the whole backlog each time; keeping
 * the pieces and copying once per slice taken keeps the cost linear in the bytes passed through.
 *
 * Linear also for hostile input: an upload in one-octet HTTP chunks arrives as a million pieces per
 * MiB. Small pieces are joined as they come (one copy each, in 16 KiB batches), so a record is a few
 * pieces for the cipher, and pieces are taken from a moving head instead of Array.shift, which moved
 * every remaining piece each time (quadratic: 88 s for 300,000 pieces, found by review).
 */
export class ByteQueue {
  /** Slots before #head are emptied as their pieces are taken, so nothing taken stays referenced. */
  #pieces: (Buffer | undefined)[] = [];
  #head = 0;
  #length = 0;
  #small: Buffer[] = [];
  #smallBytes = 0;

  get length(): number {
    return this.#length;
  }

  push(piece: Buffer): void {
    if (piece.length === 0) return;
    this.#length += piece.length;
    if (piece.length < SMALL_PIECE_BYTES) {
      this.#small.push(piece);
      this.#smallBytes += piece.length;
      if (this.#smallBytes >= COALESCE_BYTES) this.#joinSmall();
      return;
    }
    this.#joinSmall();
    this.#pieces.push(piece);
  }

  /** Removes and returns exactly `count` bytes; the caller must have checked `length`. */
  take(count: number): Buffer {
    const taken = this.takePieces(count);
    return taken.length === 1 ? (taken[0] as Buffer) : Buffer.concat(taken, count);
  }

  /**
   * Removes exactly `count` bytes and returns them as the pieces they arrived in (views, no copy;
   * small pieces joined): for a consumer that can take them one by one, as a cipher's update can.
   */
  takePieces(count: number): Buffer[] {
    if (count > this.#length) throw new RangeError(`asked for ${count} bytes, ${this.#length} queued`);
    this.#joinSmall();
    const taken: Buffer[] = [];
    let missing = count;
    while (missing > 0) {
      const first = this.#pieces[this.#head] as Buffer;
      if (first.length <= missing) {
        taken.push(first);
        this.#pieces[this.#head] = undefined;
        this.#head += 1;
        missing -= first.length;
      } else {
        taken.push(first.subarray(0, missing));
        this.#pieces[this.#head] = first.subarray(missing);
        missing = 0;
      }
    }
    // Drops what was taken once it is most of the array: amortised constant per piece.
    if (this.#head === this.#pieces.length) {
      this.#pieces = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#pieces.length) {
      this.#pieces = this.#pieces.slice(this.#head);
      this.#head = 0;
    }
    this.#length -= count;
    return taken;
  }

  #joinSmall(): void {
    if (this.#small.length === 0) return;
    this.#pieces.push(this.#small.length === 1 ? (this.#small[0] as Buffer) : Buffer.concat(this.#small, this.#smallBytes));
    this.#small = [];
    this.#smallBytes = 0;
  }
}
