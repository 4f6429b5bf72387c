// Wiegand vectors for every format, and a parity failure for every parity bit of every format.
import { describe, expect, test } from "vitest";
import { parsePipeline } from "./pipeline.js";
import { wiegandFormats } from "./wiegand.js";

/*
 * Frames below were computed outside this code (by hand-written bit layouts from the format
 * descriptions) and checked against a second, independent packing of Corporate 1000.
 */
const vectors = [
  { format: "h10301", facility: 101, card: 1337, bits: "00110010100000101001110011", hex: "CA0A73" },
  { format: "h10304", facility: 12345, card: 123456, bits: "0001100000011100100111100010010000001", hex: "030393C481" },
  { format: "c1000", facility: 1234, card: 567890, bits: "11010011010010100010101010010100100", hex: "069A5154A4" },
  { format: "c1000", facility: 0, card: 0, bits: "00000000000000000000000000000000001", hex: "01" },
] as const;

const run = (pipeline: string, raw: string) => parsePipeline(pipeline).run(raw);

function flip(bits: string, index: number): string {
  return `${bits.slice(0, index)}${bits[index] === "1" ? "0" : "1"}${bits.slice(index + 1)}`;
}

describe.each(vectors)("$format facility $facility card $card", ({ format, facility, card, bits, hex }) => {
  test("decodes the frame written as bits", () => {
    expect(run(`binary|wiegand:${format}`, bits)).toBe(`${facility}-${card}`);
  });

  test("decodes the frame written as hex", () => {
    expect(run(`wiegand:${format}`, hex)).toBe(`${facility}-${card}`);
  });

  test("writes the card number alone when asked", () => {
    expect(run(`wiegand:${format}:card`, hex)).toBe(String(card));
  });
});

describe.each(wiegandFormats.map((format) => ({ format, vector: vectors.find((candidate) => candidate.format === format.id) })))(
  "$format.id parity",
  ({ format, vector }) => {
    if (vector === undefined) throw new Error(`no vector for ${format.id}`);

    test.each(format.parity.map((check) => ({ check })))("a flipped parity bit is rejected: $check.rule", ({ check }) => {
      expect(() => run(`binary|wiegand:${format.id}`, flip(vector.bits, check.at))).toThrow(`parity error (${format.id}: `);
    });

    test("a flipped data bit is rejected", () => {
      expect(() => run(`binary|wiegand:${format.id}`, flip(vector.bits, format.card.start + 3))).toThrow("parity error");
    });
  },
);

describe("frame length", () => {
  test("bits of the wrong length are rejected", () => {
    expect(() => run("binary|wiegand:h10301", "0011001010000010100111001")).toThrow("h10301 needs 26 bits, the read has 25");
  });

  test("hex wider than the format is rejected", () => {
    expect(() => run("wiegand:h10301", "4CA0A73")).toThrow("more than 26 bits");
  });

  test("hex with leading zeros is fine", () => {
    expect(run("wiegand:h10301", "0000CA0A73")).toBe("101-1337");
  });

  test("a 26-bit frame is refused by a 37-bit format", () => {
    expect(() => run("binary|wiegand:h10304", vectors[0].bits)).toThrow("needs 37 bits");
  });
});
