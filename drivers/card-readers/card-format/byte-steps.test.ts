// Vectors for reverse-bytes, take-bytes, take-bits and mifare.
import { describe, expect, test } from "vitest";
import { parsePipeline } from "./pipeline.js";

const run = (pipeline: string, raw: string) => parsePipeline(pipeline).run(raw);
const rejection = (pipeline: string, raw: string) => () => parsePipeline(pipeline).run(raw);

describe("reverse-bytes", () => {
  test("1c78f2bf → BFF2781C", () => {
    expect(run("reverse-bytes", "1c78f2bf")).toBe("BFF2781C");
  });

  test("a 7-byte UID", () => {
    expect(run("reverse-bytes", "04A1B2C3D4E5F6")).toBe("F6E5D4C3B2A104");
  });

  test("an odd number of digits is not whole bytes", () => {
    expect(rejection("reverse-bytes", "1c78f2b")).toThrow("not whole bytes");
  });
});

describe("take-bytes", () => {
  test("the first N bytes", () => {
    expect(run("take-bytes:4", "04A1B2C3D4E5F6")).toBe("04A1B2C3");
  });

  test("LENGTH bytes from START", () => {
    expect(run("take-bytes:3:4", "04A1B2C3D4E5F6")).toBe("C3D4E5F6");
  });

  test("a read shorter than asked is rejected", () => {
    expect(rejection("take-bytes:5", "04A1B2C3")).toThrow("needs 5 bytes, the read has 4");
  });
});

describe("take-bits", () => {
  test("counts from the most significant bit of hex digits", () => {
    expect(run("take-bits:4:8|dec", "0FF0")).toBe("255");
  });

  test("slices a bit value", () => {
    expect(run("binary|take-bits:1:3|dec", "01110")).toBe("7");
  });

  test("a read shorter than asked is rejected", () => {
    expect(rejection("take-bits:10:8|dec", "FFFF")).toThrow("needs 18 bits, the read has 16");
  });
});

describe("mifare", () => {
  test("a 4-byte UID passes, upper-cased", () => {
    expect(run("mifare:4", "1c78f2bf")).toBe("1C78F2BF");
  });

  test("a 7-byte UID passes", () => {
    expect(run("mifare:7", "04a1b2c3d4e5f6")).toBe("04A1B2C3D4E5F6");
  });

  test.each([
    ["mifare:4", "1C78F2", "a 4-byte UID was expected, the read has 3 bytes"],
    ["mifare:4", "04A1B2C3D4E5F6", "a 4-byte UID was expected, the read has 7 bytes"],
    ["mifare:7", "1C78F2BF", "a 7-byte UID was expected, the read has 4 bytes"],
    ["mifare:4", "1C78F2BZ", "not hexadecimal"],
  ])("%s rejects %s", (pipeline, raw, reason) => {
    expect(rejection(pipeline, raw)).toThrow(reason);
  });
});
