// A queue of buffers that hands out exact-length slices, so streams can re-cut their input into records.

/**
 * Appending with Buffer.concat on every write would copy the whole backlog each time; keeping
 * the pieces and copying once per slice taken keeps the cost linear in the bytes passed through.
 */
export class ByteQueue {
  #pieces: Buffer[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(piece: Buffer): void {
    if (piece.length === 0) return;
    this.#pieces.push(piece);
    this.#length += piece.length;
  }

  /** Removes and returns exactly `count` bytes; the caller must have checked `length`. */
  take(count: number): Buffer {
    const taken = this.takePieces(count);
    return taken.length === 1 ? (taken[0] as Buffer) : Buffer.concat(taken, count);
  }

  /**
   * Removes exactly `count` bytes and returns them as the pieces they arrived in (views, no copy):
   * for a consumer that can take them one by one, as a cipher's update can.
   */
  takePieces(count: number): Buffer[] {
    if (count > this.#length) throw new RangeError(`asked for ${count} bytes, ${this.#length} queued`);
    const taken: Buffer[] = [];
    let missing = count;
    while (missing > 0) {
      const first = this.#pieces[0] as Buffer;
      if (first.length <= missing) {
        taken.push(first);
        this.#pieces.shift();
        missing -= first.length;
      } else {
        taken.push(first.subarray(0, missing));
        this.#pieces[0] = first.subarray(missing);
        missing = 0;
      }
    }
    this.#length -= count;
    return taken;
  }
}
