// Vectors for hex-ascii, hex2dec, dec2hex, dec, hex and binary.
import { describe, expect, test } from "vitest";
import { parsePipeline } from "./pipeline.js";

const run = (pipeline: string, raw: string) => parsePipeline(pipeline).run(raw);
const rejection = (pipeline: string, raw: string) => () => parsePipeline(pipeline).run(raw);

describe("hex-ascii", () => {
  test("3934364542443238 → 946EBD28", () => {
    expect(run("hex-ascii", "3934364542443238")).toBe("946EBD28");
  });

  test("an odd number of digits is rejected", () => {
    expect(rejection("hex-ascii", "393")).toThrow("two digits per character");
  });

  test("a control character is rejected", () => {
    expect(rejection("hex-ascii", "390A")).toThrow("non-printable");
  });
});

describe("hex2dec", () => {
  test.each([
    ["946EBD28", "2490285352"],
    ["946ebd28", "2490285352"],
    ["BFF2781C", "3220338716"],
    ["00000001", "1"],
    ["04A1B2C3D4E5F6", "1303689068602870"],
  ])("%s → %s", (raw, expected) => {
    expect(run("hex2dec", raw)).toBe(expected);
  });

  test.each(["12G4", "", "12 34", "0x12"])("rejects %j", (raw) => {
    expect(rejection("hex2dec", raw)).toThrow("not hexadecimal");
  });
});

describe("dec2hex", () => {
  test.each([
    ["2490285352", "946EBD28"],
    ["26", "1A"],
    ["256", "0100"],
    ["0", "00"],
  ])("%s → %s (whole bytes)", (raw, expected) => {
    expect(run("dec2hex", raw)).toBe(expected);
  });

  test("rejects hex letters", () => {
    expect(rejection("dec2hex", "12AB")).toThrow("not a decimal number");
  });

  test("round trip with reverse-bytes: decimal reader, little-endian UID", () => {
    expect(run("dec2hex|reverse-bytes|hex2dec", "3220338716")).toBe(String(0x1c78f2bf));
  });
});

describe("dec and hex", () => {
  test("dec writes bits as a decimal number", () => {
    expect(run("binary|dec", "0000011111111")).toBe("255");
  });

  test("dec writes hex as a decimal number", () => {
    expect(run("mifare:4|dec", "946EBD28")).toBe("2490285352");
  });

  test("hex writes bits as whole bytes", () => {
    expect(run("binary|hex", "1010101010")).toBe("02AA");
  });

  test("hex writes decimal as whole bytes", () => {
    expect(run("hex2dec|hex", "0ABC")).toBe("0ABC");
  });
});

describe("binary", () => {
  test("accepts 0 and 1 only", () => {
    expect(rejection("binary|dec", "1021")).toThrow("not a binary string");
  });
});
