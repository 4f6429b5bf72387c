// Vectors for the EM4100 10-digit and 3+5 forms.
import { describe, expect, test } from "vitest";
import { parsePipeline } from "./pipeline.js";

const run = (pipeline: string, raw: string) => parsePipeline(pipeline).run(raw);
const rejection = (pipeline: string, raw: string) => () => parsePipeline(pipeline).run(raw);

describe("em4100:3+5", () => {
  test("0013961168 is 213-02000 (0x00D507D0: facility 0xD5, card 0x07D0)", () => {
    expect(run("em4100:3+5", "0013961168")).toBe("213-02000");
  });

  test("the top byte of the 32-bit number is not part of the 3+5 form", () => {
    expect(run("em4100:3+5", String(0x01d507d0).padStart(10, "0"))).toBe("213-02000");
  });

  test("the largest 32-bit number", () => {
    expect(run("em4100:3+5", "4294967295")).toBe("255-65535");
  });

  test.each([
    ["001396116", "10 digits, the read has 9"],
    ["00139611680", "10 digits, the read has 11"],
    ["4294967296", "larger than a 32-bit"],
    ["00139611A8", "not a decimal number"],
  ])("rejects %s", (raw, reason) => {
    expect(rejection("em4100:3+5", raw)).toThrow(reason);
  });
});

describe("em4100:10", () => {
  test("keeps a valid 10-digit number", () => {
    expect(run("em4100:10", "0013961168")).toBe("0013961168");
  });

  test("a read that lost a digit is rejected", () => {
    expect(rejection("em4100:10", "001396168")).toThrow("10 digits, the read has 9");
  });
});
