// What every page counter does: it sees a document's bytes once, in order, and tells at the end
// how many pages the document itself says it has, or null when it cannot tell (never a guess).
export interface PageCounter {
  push(chunk: Buffer): void;
  finish(): number | null;
}

/** Formats whose page count is fixed (a JPEG is one page) or unknown. */
export class FixedPageCounter implements PageCounter {
  constructor(private readonly pages: number | null) {}
  push(): void {}
  finish(): number | null {
    return this.pages;
  }
}
