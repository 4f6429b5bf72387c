// Counts the pages of a PWG raster (PWG 5102.4) or Apple URF stream as it arrives, by walking each
// page's run-length coded lines to find where the next page header starts: no page is ever held in
// memory. Both formats code lines alike: a line-repeat octet, then runs whose code octet n means
// n+1 copies of one pixel (0-127), the rest of the line blank (128) or 257-n literal pixels.
// (URF's file header has a page count too, but streaming writers such as ghostscript leave it 0.)
import type { PageCounter } from "./page-counter.js";

export interface RasterLayout {
  /** What the stream starts with (a sync word, or URF's "UNIRAST\0" + page count). */
  fileHeaderBytes: number;
  fileHeaderStartsWith: string;
  pageHeaderBytes: number;
  /** A page's lines, bits per pixel and bytes per line from its header. */
  geometry(header: Buffer): { height: number; bitsPerPixel: number; bytesPerLine: number };
}

export const PWG_RASTER: RasterLayout = {
  fileHeaderBytes: 4,
  fileHeaderStartsWith: "RaS2",
  pageHeaderBytes: 1796,
  geometry: (header) => ({ height: header.readUInt32BE(376), bitsPerPixel: header.readUInt32BE(388), bytesPerLine: header.readUInt32BE(392) }),
};

export const URF: RasterLayout = {
  fileHeaderBytes: 12,
  fileHeaderStartsWith: "UNIRAST\0",
  pageHeaderBytes: 32,
  // Octet 0: bits per pixel; width and height as 32-bit big-endian at 12 and 16.
  geometry: (header) => ({ height: header.readUInt32BE(16), bitsPerPixel: header[0]!, bytesPerLine: Math.ceil((header.readUInt32BE(12) * header[0]!) / 8) }),
};
/** Far beyond any printer's page (10 m at 2400 dpi): a larger value is a broken or hostile header. */
const MAX_LINES = 1_000_000;
const MAX_LINE_BYTES = 16 * 1024 * 1024;

type Phase = "sync" | "header" | "line-repeat" | "run-code" | "run-bytes";

export class RasterPageCounter implements PageCounter {
  constructor(private readonly layout: RasterLayout) {}

  #phase: Phase = "sync";
  #pending: Buffer = Buffer.alloc(0);
  #pages = 0;
  #broken = false;
  // The current page's geometry and where the walk through it stands.
  #bytesPerPixel = 1;
  #bytesPerLine = 0;
  #linesLeft = 0;
  #lineBytesLeft = 0;
  #skip = 0;

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && !this.#broken) at = this.#step(chunk, at);
  }

  finish(): number | null {
    // A stream cut inside a page tells no page count.
    return this.#broken || this.#phase !== "header" || this.#pending.length > 0 || this.#pages === 0 ? null : this.#pages;
  }

  /** Consumes what the current phase needs from chunk[at...]; returns the new position. */
  #step(chunk: Buffer, at: number): number {
    switch (this.#phase) {
      case "sync":
      case "header": {
        const need = (this.#phase === "sync" ? this.layout.fileHeaderBytes : this.layout.pageHeaderBytes) - this.#pending.length;
        const taken = chunk.subarray(at, at + need);
        this.#pending = Buffer.concat([this.#pending, taken]);
        if (taken.length === need) this.#completeFixedPart();
        return at + taken.length;
      }
      case "line-repeat": {
        const repeat = chunk[at]!;
        this.#linesLeft -= repeat + 1;
        if (this.#linesLeft < 0) this.#broken = true;
        this.#lineBytesLeft = this.#bytesPerLine;
        this.#phase = "run-code";
        return at + 1;
      }
      case "run-code":
        return this.#runs(chunk, at);
      case "run-bytes": {
        const taken = Math.min(this.#skip, chunk.length - at);
        this.#skip -= taken;
        if (this.#skip === 0) this.#endRun();
        return at + taken;
      }
    }
  }

  /** Walks run codes in a tight loop (most of a raster's bytes), passing over pixel data in one step. */
  #runs(chunk: Buffer, start: number): number {
    let at = start;
    while (at < chunk.length) {
      const code = chunk[at]!;
      at += 1;
      // 0-127: one pixel repeated code+1 times; 128: the rest of the line is blank; 129-255: 257-code literal pixels.
      const pixelBytes = code === 128 ? this.#lineBytesLeft : (code < 128 ? code + 1 : 257 - code) * this.#bytesPerPixel;
      if (pixelBytes > this.#lineBytesLeft) {
        this.#broken = true;
        return at;
      }
      this.#lineBytesLeft -= pixelBytes;
      const data = code === 128 ? 0 : code < 128 ? this.#bytesPerPixel : pixelBytes;
      if (data > chunk.length - at) {
        this.#skip = data - (chunk.length - at);
        this.#phase = "run-bytes";
        return chunk.length;
      }
      at += data;
      if (this.#lineBytesLeft === 0) {
        this.#endRun();
        return at;
      }
    }
    return at;
  }

  #completeFixedPart(): void {
    const fixed = this.#pending;
    this.#pending = Buffer.alloc(0);
    if (this.#phase === "sync") {
      if (!fixed.toString("latin1").startsWith(this.layout.fileHeaderStartsWith)) this.#broken = true;
      this.#phase = "header";
      return;
    }
    const { height, bitsPerPixel, bytesPerLine } = this.layout.geometry(fixed);
    const bytesPerPixel = Math.ceil(bitsPerPixel / 8);
    if (height === 0 || height > MAX_LINES || bytesPerPixel === 0 || bytesPerLine === 0 || bytesPerLine > MAX_LINE_BYTES || bytesPerLine % bytesPerPixel !== 0) {
      this.#broken = true;
      return;
    }
    this.#pages += 1;
    this.#bytesPerPixel = bytesPerPixel;
    this.#bytesPerLine = bytesPerLine;
    this.#linesLeft = height;
    this.#phase = "line-repeat";
  }

  #endRun(): void {
    if (this.#lineBytesLeft > 0) this.#phase = "run-code";
    else this.#phase = this.#linesLeft === 0 ? "header" : "line-repeat";
  }
}
