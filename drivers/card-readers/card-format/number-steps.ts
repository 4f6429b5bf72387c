// Card-format steps that change how a number is written: hex, decimal, binary and hex-coded ASCII.
import { StepRejection, bitsOf, bitsToBigInt, decimalOf, hexOf, text, toByteHex, type CardValue } from "./card-value.js";
import { always, expectArgumentCount, type StepDefinition } from "./step.js";

/** Printable ASCII only: a control character inside a card number means the read is not what we think. */
const printableAscii = { first: 0x20, last: 0x7e };

function hexToDecimal(value: CardValue): CardValue {
  return text("decimal", BigInt(`0x${hexOf(value)}`).toString(10));
}

function decimalToHex(value: CardValue): CardValue {
  return text("hex", toByteHex(BigInt(decimalOf(value))));
}

function bitsToHex(value: CardValue): CardValue {
  const bits = bitsOf(value);
  return text("hex", toByteHex(bitsToBigInt(bits), Math.ceil(bits.length / 8)));
}

export const hexAsciiStep: StepDefinition = {
  name: "hex-ascii",
  usage: "hex-ascii",
  summary: "the read is the hex codes of ASCII characters: 3934364542443238 → 946EBD28",
  build(args) {
    expectArgumentCount(args, [0]);
    return {
      accepts: ["text", "hex"],
      produces: always("text"),
      apply(value) {
        const hex = hexOf(value);
        if (hex.length % 2 !== 0) throw new StepRejection("hex-coded ASCII needs two digits per character");
        const codes = hex.match(/../g) ?? [];
        const characters = codes.map((pair) => Number.parseInt(pair, 16));
        if (characters.some((code) => code < printableAscii.first || code > printableAscii.last)) {
          throw new StepRejection("hex-coded ASCII contains a non-printable character");
        }
        return text("text", String.fromCharCode(...characters));
      },
    };
  },
};

export const hexToDecimalStep: StepDefinition = {
  name: "hex2dec",
  usage: "hex2dec",
  summary: "read hex digits, write the same number in decimal: 946EBD28 → 2490285352",
  build(args) {
    expectArgumentCount(args, [0]);
    return { accepts: ["text", "hex"], produces: always("decimal"), apply: hexToDecimal };
  },
};

export const decimalToHexStep: StepDefinition = {
  name: "dec2hex",
  usage: "dec2hex",
  summary: "read decimal digits, write the same number in hex as whole bytes: 2490285352 → 946EBD28, 26 → 1A",
  build(args) {
    expectArgumentCount(args, [0]);
    return { accepts: ["text", "decimal"], produces: always("hex"), apply: decimalToHex };
  },
};

export const decimalOutputStep: StepDefinition = {
  name: "dec",
  usage: "dec",
  summary: "write a hex or bit value as a decimal number",
  build(args) {
    expectArgumentCount(args, [0]);
    return {
      accepts: ["hex", "bits"],
      produces: always("decimal"),
      apply: (value) => (value.kind === "bits" ? text("decimal", bitsToBigInt(bitsOf(value)).toString(10)) : hexToDecimal(value)),
    };
  },
};

export const hexOutputStep: StepDefinition = {
  name: "hex",
  usage: "hex",
  summary: "write a decimal or bit value as hex digits, whole bytes",
  build(args) {
    expectArgumentCount(args, [0]);
    return { accepts: ["decimal", "bits"], produces: always("hex"), apply: (value) => (value.kind === "bits" ? bitsToHex(value) : decimalToHex(value)) };
  },
};

export const binaryStep: StepDefinition = {
  name: "binary",
  usage: "binary",
  summary: "the read is a string of 0 and 1 (for Wiegand readers that type bits)",
  build(args) {
    expectArgumentCount(args, [0]);
    return { accepts: ["text"], produces: always("bits"), apply: (value) => text("bits", bitsOf(value)) };
  },
};

export const numberSteps: readonly StepDefinition[] = [hexAsciiStep, hexToDecimalStep, decimalToHexStep, decimalOutputStep, hexOutputStep, binaryStep];
