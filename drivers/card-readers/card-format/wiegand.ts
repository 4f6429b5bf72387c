// Wiegand frame decoding (H10301, H10304, Corporate 1000) with parity checks, as a table of formats.
import { StepArgumentError, StepRejection, bitsToBigInt, hexOf, text, type CardValue } from "./card-value.js";
import { always, expectArgumentCount, type StepDefinition } from "./step.js";

/*
 * Bits are numbered from 0 at the first bit on the wire (the most significant bit when a frame is
 * written as a number). Vendor documents count from 1; the `rule` texts below use their numbering
 * so they can be compared with a data sheet line by line.
 *
 * A parity bit is "even" when the bits it covers plus itself hold an even number of ones, "odd"
 * when they hold an odd number.
 *
 * Corporate 1000 (35 bits) has three parity bits. Bit 2 (1-based) is even parity over the bit
 * pairs 3-4, 6-7, ..., 33-34 (two of every three bits, starting after the parity bit); bit 35 is
 * odd parity over the pairs 2-3, 5-6, ..., 32-33 (which include bit 2); bit 1 is odd parity over
 * the whole frame, so it is checked last and covers the other two parity bits.
 */

interface BitField {
  readonly start: number;
  readonly length: number;
}

interface ParityBit {
  readonly parity: "even" | "odd";
  readonly at: number;
  readonly over: readonly number[];
  readonly rule: string;
}

export interface WiegandFormat {
  readonly id: string;
  readonly title: string;
  readonly bits: number;
  readonly facility: BitField;
  readonly card: BitField;
  readonly parity: readonly ParityBit[];
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/** Two bits of every three: first, first+1, first+3, first+4, ... up to last. */
function pairs(first: number, last: number): number[] {
  return range(first, last).filter((index) => (index - first) % 3 !== 2);
}

export const wiegandFormats: readonly WiegandFormat[] = [
  {
    id: "h10301",
    title: "HID H10301 26-bit: 8-bit facility, 16-bit card",
    bits: 26,
    facility: { start: 1, length: 8 },
    card: { start: 9, length: 16 },
    parity: [
      { parity: "even", at: 0, over: range(1, 12), rule: "bit 1 is even parity over bits 2-13" },
      { parity: "odd", at: 25, over: range(13, 24), rule: "bit 26 is odd parity over bits 14-25" },
    ],
  },
  {
    id: "h10304",
    title: "HID H10304 37-bit: 16-bit facility, 19-bit card",
    bits: 37,
    facility: { start: 1, length: 16 },
    card: { start: 17, length: 19 },
    parity: [
      { parity: "even", at: 0, over: range(1, 18), rule: "bit 1 is even parity over bits 2-19" },
      { parity: "odd", at: 36, over: range(18, 35), rule: "bit 37 is odd parity over bits 19-36" },
    ],
  },
  {
    id: "c1000",
    title: "HID Corporate 1000 35-bit: 12-bit company code, 20-bit card",
    bits: 35,
    facility: { start: 2, length: 12 },
    card: { start: 14, length: 20 },
    parity: [
      { parity: "even", at: 1, over: pairs(2, 33), rule: "bit 2 is even parity over bits 3-4, 6-7, ..., 33-34" },
      { parity: "odd", at: 34, over: pairs(1, 32), rule: "bit 35 is odd parity over bits 2-3, 5-6, ..., 32-33" },
      { parity: "odd", at: 0, over: range(1, 34), rule: "bit 1 is odd parity over bits 2-35" },
    ],
  },
];

export interface WiegandCard {
  readonly facility: bigint;
  readonly card: bigint;
}

/** A frame of exactly `format.bits` bits: from a bit value, or from hex whose number fits in that many bits. */
function frameBits(value: CardValue, format: WiegandFormat): string {
  if (value.kind === "bits") {
    if (value.text.length !== format.bits) throw new StepRejection(`${format.id} needs ${format.bits} bits, the read has ${value.text.length}`);
    return value.text;
  }
  const number = BigInt(`0x${hexOf(value)}`);
  if (number >> BigInt(format.bits) !== 0n) throw new StepRejection(`the read has more than ${format.bits} bits for ${format.id}`);
  return number.toString(2).padStart(format.bits, "0");
}

function onesAt(bits: string, indexes: readonly number[]): number {
  return indexes.filter((index) => bits[index] === "1").length;
}

function field(bits: string, { start, length }: BitField): bigint {
  return bitsToBigInt(bits.slice(start, start + length));
}

/** Checks every parity bit in table order and gives the fields; a parity error rejects the read. */
export function decodeWiegand(value: CardValue, format: WiegandFormat): WiegandCard {
  const bits = frameBits(value, format);
  for (const check of format.parity) {
    const ones = onesAt(bits, [check.at, ...check.over]);
    const wanted = check.parity === "even" ? 0 : 1;
    if (ones % 2 !== wanted) throw new StepRejection(`parity error (${format.id}: ${check.rule})`);
  }
  return { facility: field(bits, format.facility), card: field(bits, format.card) };
}

function decimalDigitsFor(bitLength: number): number {
  return (2n ** BigInt(bitLength) - 1n).toString(10).length;
}

/** What the step writes: both fields as "facility-card", or the card number alone. */
const wiegandOutputs = {
  "facility-card": {
    kind: "fields",
    shape: (format: WiegandFormat) => `^[0-9]{1,${decimalDigitsFor(format.facility.length)}}-[0-9]{1,${decimalDigitsFor(format.card.length)}}$`,
    write: (card: WiegandCard) => `${card.facility}-${card.card}`,
  },
  card: {
    kind: "decimal",
    shape: (format: WiegandFormat) => `^[0-9]{1,${decimalDigitsFor(format.card.length)}}$`,
    write: (card: WiegandCard) => card.card.toString(10),
  },
} as const;

export const wiegandStep: StepDefinition = {
  name: "wiegand",
  usage: `wiegand:FORMAT or wiegand:FORMAT:card (FORMAT: ${wiegandFormats.map((format) => format.id).join(", ")})`,
  summary: "decode a Wiegand frame (bits, or hex of the frame as a number), check parity, write facility-card or the card alone",
  build(args) {
    expectArgumentCount(args, [1, 2]);
    const format = wiegandFormats.find((candidate) => candidate.id === args[0]?.toLowerCase());
    if (format === undefined) throw new StepArgumentError(`unknown Wiegand format "${args[0] ?? ""}"; known: ${wiegandFormats.map((known) => known.id).join(", ")}`);
    if (args.length === 2 && args[1] !== "card") throw new StepArgumentError(`the second argument may only be "card", got "${args[1] ?? ""}"`);
    const output = wiegandOutputs[args.length === 2 ? "card" : "facility-card"];
    return {
      accepts: ["text", "hex", "bits"],
      produces: always(output.kind),
      shape: output.shape(format),
      apply: (value) => text(output.kind, output.write(decodeWiegand(value, format))),
    };
  },
};
