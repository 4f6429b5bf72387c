// The typed value that flows through a card-format pipeline, and the conversions steps share.

/**
 * What a value's text means. Steps declare which kinds they accept, so `parsePipeline` can refuse
 * a chain like `hex2dec|reverse-bytes` before any card is read.
 * - text: characters as the reader sent them, not yet interpreted
 * - hex: upper-case hexadecimal digits
 * - decimal: decimal digits
 * - bits: a string of 0 and 1 whose length matters (Wiegand frames, bit fields)
 * - fields: decimal groups joined by "-" (facility-card, EM4100 3+5); only formatting steps follow
 */
export type ValueKind = "text" | "hex" | "decimal" | "bits" | "fields";

export interface CardValue {
  readonly kind: ValueKind;
  readonly text: string;
}

export const kindDescriptions: Readonly<Record<ValueKind, string>> = {
  text: "text",
  hex: "hex digits",
  decimal: "decimal digits",
  bits: "bits",
  fields: "facility-card fields",
};

/** A read that a step cannot handle. The reason must not contain the card number itself. */
export class StepRejection extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "StepRejection";
  }
}

/** A step written with a wrong or missing argument; found when the pipeline is parsed. */
export class StepArgumentError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "StepArgumentError";
  }
}

const hexDigits = /^[0-9A-Fa-f]+$/;
const decimalDigits = /^[0-9]+$/;
const binaryDigits = /^[01]+$/;

/** Text or hex read as hexadecimal digits, upper-cased. */
export function hexOf(value: CardValue): string {
  if (!hexDigits.test(value.text)) throw new StepRejection("the read is not hexadecimal");
  return value.text.toUpperCase();
}

export function decimalOf(value: CardValue): string {
  if (!decimalDigits.test(value.text)) throw new StepRejection("the read is not a decimal number");
  return value.text;
}

/** Bits as written; text is accepted only when it is made of 0 and 1. */
export function bitsOf(value: CardValue): string {
  if (!binaryDigits.test(value.text)) throw new StepRejection("the read is not a binary string");
  return value.text;
}

/** Hex digits as whole bytes (two digits each), so byte steps can follow. */
export function toByteHex(value: bigint, minimumBytes = 1): string {
  const digits = value.toString(16).toUpperCase();
  const width = Math.max(minimumBytes * 2, digits.length + (digits.length % 2));
  return digits.padStart(width, "0");
}

/** Hex digits expanded to bits, four per digit, most significant first. */
export function hexToBits(hex: string): string {
  return [...hex].map((digit) => Number.parseInt(digit, 16).toString(2).padStart(4, "0")).join("");
}

export function bitsToBigInt(bits: string): bigint {
  return BigInt(`0b${bits}`);
}

export function text(kind: ValueKind, value: string): CardValue {
  return { kind, text: value };
}
