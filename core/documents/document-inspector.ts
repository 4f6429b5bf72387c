// Looks at a document once, as it streams into the spool: which format its bytes are (sniffed,
// never taken from the label) and how many pages the document says it has. Holds at most the first
// bytes needed to sniff, then what the format's page counter keeps (bounded in each counter).
import { FixedPageCounter, type PageCounter } from "./page-counter.js";
import { PdfPageCounter } from "./pdf-pages.js";
import { PWG_RASTER, RasterPageCounter, URF } from "./raster-pages.js";
import { sniffDocumentFormat } from "./format-sniffer.js";

/** Enough for every signature the sniffer knows to be decided. */
const SNIFF_BYTES = 64;

const COUNTERS: Record<string, () => PageCounter> = {
  "application/pdf": () => new PdfPageCounter(),
  "application/PCLm": () => new PdfPageCounter(),
  "image/pwg-raster": () => new RasterPageCounter(PWG_RASTER),
  "image/urf": () => new RasterPageCounter(URF),
  "image/jpeg": () => new FixedPageCounter(1),
};

export interface Inspection {
  /** What the bytes are, or null when they match no known format. */
  sniffedFormat: string | null;
  /** Pages the document itself declares or contains, or null when it does not tell. */
  pages: number | null;
}

export class DocumentInspector {
  #early: Buffer[] = [];
  #earlyBytes = 0;
  #sniffed: string | null = null;
  #counter: PageCounter | null = null;

  push(chunk: Buffer): void {
    if (this.#counter) {
      this.#counter.push(chunk);
      return;
    }
    this.#early.push(Buffer.from(chunk));
    this.#earlyBytes += chunk.length;
    if (this.#earlyBytes >= SNIFF_BYTES) this.#start();
  }

  finish(): Inspection {
    if (!this.#counter) this.#start();
    return { sniffedFormat: this.#sniffed, pages: this.#counter!.finish() };
  }

  #start(): void {
    const early = Buffer.concat(this.#early);
    this.#early = [];
    this.#sniffed = sniffDocumentFormat(early.subarray(0, SNIFF_BYTES));
    this.#counter = COUNTERS[this.#sniffed ?? ""]?.() ?? new FixedPageCounter(null);
    this.#counter.push(early);
  }
}
