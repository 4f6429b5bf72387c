// The page count an Apple URF (UNIRAST) stream declares in its file header: "UNIRAST\0", then the
// number of pages as a 32-bit big-endian integer (0 when the writer did not know it).
import type { PageCounter } from "./page-counter.js";

const FILE_HEADER_BYTES = 12;

export class UrfPageCounter implements PageCounter {
  #head: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    if (this.#head.length < FILE_HEADER_BYTES) this.#head = Buffer.concat([this.#head, chunk.subarray(0, FILE_HEADER_BYTES - this.#head.length)]);
  }

  finish(): number | null {
    if (this.#head.length < FILE_HEADER_BYTES || this.#head.subarray(0, 8).toString("latin1") !== "UNIRAST\0") return null;
    const pages = this.#head.readUInt32BE(8);
    return pages === 0 ? null : pages;
  }
}
