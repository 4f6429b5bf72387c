// Finds the next object header ("12 0 obj") or "trailer" keyword in a PDF's text, as the regular
// expression /(\d+)\s+\d+\s+obj\b|\btrailer\b/g would from `from`, but fast over bytes that hold
// neither. That expression starts with \d, so the engine tries it at every digit of page content:
// about 6 ms per MB of binary data, the largest per-byte cost of receiving a document (issue 13).
// Looking for the literal words first (a native substring search) and checking what precedes them
// takes a tenth of that.

export interface PdfToken {
  /** Where the token starts (the object number's first digit, or the "t" of trailer). */
  index: number;
  /** Its length, up to and including "obj" or "trailer". */
  length: number;
  /** The object number's digits; undefined for "trailer". */
  objectNumber: string | undefined;
}

/** \s as JavaScript reads it, within latin1 (the text is the bytes decoded as latin1). */
function isSpace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0xa0;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isWordCharacter(code: number | undefined): boolean {
  return code !== undefined && (isDigit(code) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f);
}

/** The next place at or after `from` where `word` stands with no word character right after it. */
function nextWord(bytes: Buffer, word: string, from: number): number {
  for (let at = bytes.indexOf(word, from, "latin1"); at >= 0; at = bytes.indexOf(word, at + 1, "latin1")) {
    if (!isWordCharacter(bytes[at + word.length])) return at;
  }
  return -1;
}

/**
 * Finds "trailer" as a word, looking only at octets before a limit that only grows, so that asking
 * again with a further limit searches only the new part: a document's objects would otherwise each
 * search to its end for the one trailer (quadratic in the objects per chunk).
 */
class TrailerSearch {
  #searchedTo: number;

  constructor(
    private readonly bytes: Buffer,
    from: number,
  ) {
    this.#searchedTo = from;
  }

  /** The first "trailer" ending at or before `end`, or -1. */
  before(end: number): number {
    const window = this.bytes.subarray(0, end);
    for (let at = window.indexOf("trailer", this.#searchedTo, "latin1"); at >= 0; at = window.indexOf("trailer", at + 1, "latin1")) {
      // \b on both sides; the one before looks even before `from`, as the expression's does.
      if (!isWordCharacter(this.bytes[at + 7]) && !isWordCharacter(this.bytes[at - 1])) return at;
    }
    // A trailer cut by this limit may still be found by the next one.
    this.#searchedTo = Math.max(this.#searchedTo, end - 6);
    return -1;
  }
}

/** `bytes`: the PDF's octets as the text is decoded from them (latin1: one character per octet). */
export function nextPdfToken(bytes: Buffer, from: number): PdfToken | null {
  const trailers = new TrailerSearch(bytes, from);
  for (let object = nextWord(bytes, "obj", from); object >= 0; object = nextWord(bytes, "obj", object + 1)) {
    // Backwards over: spaces, generation digits, spaces, object number digits, never before `from`.
    // Each run is all of one kind between two of the other, so its extent is the one the
    // expression's greedy forward match would take.
    let position = object;
    const runBack = (test: (code: number) => boolean): boolean => {
      const start = position;
      while (position > from && test(bytes[position - 1]!)) position -= 1;
      return position < start;
    };
    if (!runBack(isSpace) || !runBack(isDigit) || !runBack(isSpace)) continue;
    const numberEnd = position;
    if (!runBack(isDigit)) continue;
    // Only digits and spaces lie between the header's start and its "obj": a trailer before the
    // "obj" is a trailer before the header.
    const trailer = trailers.before(object);
    if (trailer >= 0) return trailerAt(trailer);
    return { index: position, length: object + 3 - position, objectNumber: bytes.toString("latin1", position, numberEnd) };
  }
  const trailer = trailers.before(bytes.length);
  return trailer < 0 ? null : trailerAt(trailer);
}

function trailerAt(index: number): PdfToken {
  return { index, length: "trailer".length, objectNumber: undefined };
}
