// Card-format steps that work on bytes and bits: byte order, slices and MIFARE UID lengths.
import { StepArgumentError, StepRejection, hexOf, hexToBits, text, type CardValue } from "./card-value.js";
import { always, expectArgumentCount, integerArgument, type StepDefinition } from "./step.js";

function bytesOf(value: CardValue): string[] {
  const hex = hexOf(value);
  if (hex.length % 2 !== 0) throw new StepRejection("an odd number of hex digits is not whole bytes");
  return hex.match(/../g) ?? [];
}

/** Bits of a bit value, or of hex digits counted from the first digit written (4 bits per digit). */
function bitsFrom(value: CardValue): string {
  return value.kind === "bits" ? value.text : hexToBits(hexOf(value));
}

/** UID lengths ISO 14443-3 defines: single, double and triple size. */
const mifareUidBytes = [4, 7, 10];

export const reverseBytesStep: StepDefinition = {
  name: "reverse-bytes",
  usage: "reverse-bytes",
  summary: "reverse the byte order (little-endian MIFARE UIDs): 1C78F2BF → BFF2781C",
  build(args) {
    expectArgumentCount(args, [0]);
    return { accepts: ["text", "hex"], produces: always("hex"), apply: (value) => text("hex", bytesOf(value).reverse().join("")) };
  },
};

export const takeBytesStep: StepDefinition = {
  name: "take-bytes",
  usage: "take-bytes:N or take-bytes:START:LENGTH",
  summary: "keep the first N bytes, or LENGTH bytes from byte START (counted from 0); a shorter read is rejected",
  build(args) {
    expectArgumentCount(args, [1, 2]);
    const [start, length] = args.length === 1 ? [0, integerArgument(args[0], "N", 1, 64)] : [integerArgument(args[0], "START", 0, 63), integerArgument(args[1], "LENGTH", 1, 64)];
    return {
      accepts: ["text", "hex"],
      produces: always("hex"),
      apply(value) {
        const bytes = bytesOf(value);
        if (start + length > bytes.length) throw new StepRejection(`needs ${start + length} bytes, the read has ${bytes.length}`);
        return text("hex", bytes.slice(start, start + length).join(""));
      },
    };
  },
};

export const takeBitsStep: StepDefinition = {
  name: "take-bits",
  usage: "take-bits:START:LENGTH",
  summary: "keep LENGTH bits from bit START (counted from 0 at the most significant bit; hex gives 4 bits per digit)",
  build(args) {
    expectArgumentCount(args, [2]);
    const start = integerArgument(args[0], "START", 0, 511);
    const length = integerArgument(args[1], "LENGTH", 1, 512);
    return {
      accepts: ["text", "hex", "bits"],
      produces: always("bits"),
      apply(value) {
        const bits = bitsFrom(value);
        if (start + length > bits.length) throw new StepRejection(`needs ${start + length} bits, the read has ${bits.length}`);
        return text("bits", bits.slice(start, start + length));
      },
    };
  },
};

export const mifareStep: StepDefinition = {
  name: "mifare",
  usage: "mifare:4 or mifare:7 or mifare:10",
  summary: "check that the read is a MIFARE UID of that many bytes (hex)",
  build(args) {
    expectArgumentCount(args, [1]);
    const size = Number(args[0]);
    if (!mifareUidBytes.includes(size)) throw new StepArgumentError(`UID size must be one of ${mifareUidBytes.join(", ")} bytes, got "${args[0] ?? ""}"`);
    return {
      accepts: ["text", "hex"],
      produces: always("hex"),
      shape: `^[0-9A-F]{${size * 2}}$`,
      apply(value) {
        const bytes = bytesOf(value);
        if (bytes.length !== size) throw new StepRejection(`a ${size}-byte UID was expected, the read has ${bytes.length} bytes`);
        return text("hex", bytes.join(""));
      },
    };
  },
};

export const byteSteps: readonly StepDefinition[] = [reverseBytesStep, takeBytesStep, takeBitsStep, mifareStep];
