// The token finder must find exactly what the regular expression it replaces finds, from any offset.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { nextPdfToken } from "./pdf-tokens.js";

const EXPRESSION = /(\d+)\s+\d+\s+obj\b|\btrailer\b/g;

function byExpression(text: string, from: number) {
  EXPRESSION.lastIndex = from;
  const found = EXPRESSION.exec(text);
  return found === null ? null : { index: found.index, length: found[0].length, objectNumber: found[1] };
}

// Fragments that make near misses likely: digits, every kind of \s in latin1, word characters, the keywords cut short.
const FRAGMENTS = ["0", "12", "7", " ", "  ", "\n", "\r\n", "\t", "\f", "\u000b", "\u00a0", "obj", "ob", "trailer", "trail", "x", "_", "/", "<<", ">>", "endobj", "\u00e9", "R"];

const latin1 = (text: string) => Buffer.from(text, "latin1");

describe("nextPdfToken", () => {
  test("finds what /(\\d+)\\s+\\d+\\s+obj\\b|\\btrailer\\b/g finds, from any offset", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), fc.nat(), (parts, offset) => {
        const text = parts.join("");
        const from = text.length === 0 ? 0 : offset % (text.length + 1);
        expect(nextPdfToken(Buffer.from(text, "latin1"), from)).toEqual(byExpression(text, from));
      }),
      { numRuns: 20_000 },
    );
  });

  test("an object header in the middle of binary data, a trailer, and words that only look like them", () => {
    expect(nextPdfToken(latin1("\u00ff\u00fe12 0 obj\n<<"), 0)).toEqual({ index: 2, length: 8, objectNumber: "12" });
    expect(nextPdfToken(latin1("xref\ntrailer\n<<"), 0)).toEqual({ index: 5, length: 7, objectNumber: undefined });
    expect(nextPdfToken(latin1("subtrailer 1 0 object 3 0 endobj"), 0)).toBeNull();
    // Started inside a number, the match starts where the search did, as the expression's would.
    expect(nextPdfToken(latin1("123 0 obj"), 1)).toEqual({ index: 1, length: 8, objectNumber: "23" });
  });
});
