// Vectors for trim, strip-prefix, prefix, upper, lower and pad.
import { describe, expect, test } from "vitest";
import { parsePipeline } from "./pipeline.js";

const run = (pipeline: string, raw: string) => parsePipeline(pipeline).run(raw);
const rejection = (pipeline: string, raw: string) => () => parsePipeline(pipeline).run(raw);

describe("trim", () => {
  test("removes spaces and tabs around the read, not inside", () => {
    expect(run("trim", " \t12 34\t ")).toBe("12 34");
  });
});

describe("strip-prefix", () => {
  test("removes the prefix", () => {
    expect(run("strip-prefix:ID", "ID12345")).toBe("12345");
  });

  test("a prefix may contain ':'", () => {
    expect(run("strip-prefix:FC:", "FC:12345")).toBe("12345");
  });

  test("compares hex without case", () => {
    expect(run("dec2hex|strip-prefix:0a", "2730")).toBe("AA");
  });

  test("a read without the prefix is rejected, not passed on", () => {
    expect(rejection("strip-prefix:ID", "12345")).toThrow('does not start with "ID"');
  });

  test("a read that is only the prefix is rejected", () => {
    expect(rejection("strip-prefix:ID", "ID")).toThrow("nothing is left");
  });
});

describe("prefix", () => {
  test("puts text in front", () => {
    expect(run("prefix:K-", "12345")).toBe("K-12345");
  });

  test("a digit prefix keeps a decimal value decimal", () => {
    const pipeline = parsePipeline("hex2dec|prefix:9");
    expect(pipeline.outputKind).toBe("decimal");
    expect(pipeline.run("FF")).toBe("9255");
  });

  test("a letter prefix turns a decimal value into text", () => {
    expect(parsePipeline("hex2dec|prefix:K").outputKind).toBe("text");
  });

  test("a hex prefix on hex is written upper-case", () => {
    expect(run("mifare:4|prefix:ab", "01020304")).toBe("AB01020304");
  });
});

describe("upper and lower", () => {
  test("upper", () => {
    expect(run("upper", "1c78f2bf")).toBe("1C78F2BF");
  });

  test("lower gives text", () => {
    const pipeline = parsePipeline("mifare:4|lower");
    expect(pipeline.outputKind).toBe("text");
    expect(pipeline.run("1C78F2BF")).toBe("1c78f2bf");
  });
});

describe("pad", () => {
  test("adds leading zeros", () => {
    expect(run("hex2dec|pad:10", "7D0")).toBe("0000002000");
  });

  test("leaves longer values alone", () => {
    expect(run("pad:4", "123456")).toBe("123456");
  });
});
