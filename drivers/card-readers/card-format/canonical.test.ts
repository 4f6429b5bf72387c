// The canonical card number: the same card compares equal however it was typed.
import { describe, expect, test } from "vitest";
import { canonicalCardNumber } from "./canonical.js";

describe("the same card typed differently", () => {
  test.each([
    [["0013961168", "13961168", " 13961168 ", "000013961168"], "13961168"],
    [["1c78f2bf", "1C78F2BF", "01C78F2BF"], "1C78F2BF"],
    [["213-02000", "213,02000", "213-2000", "0213,2000"], "213-2000"],
    [["0", "0000"], "0"],
    [["04a1b2c3d4e5f6"], "4A1B2C3D4E5F6"],
  ])("%j → %s", (spellings, canonical) => {
    for (const spelling of spellings) expect(canonicalCardNumber(spelling)).toBe(canonical);
  });
});

test("a group of zeros keeps one zero", () => {
  expect(canonicalCardNumber("000-00123")).toBe("0-123");
});

test("different numbers stay different", () => {
  expect(canonicalCardNumber("1001")).not.toBe(canonicalCardNumber("101"));
  expect(canonicalCardNumber("21302000")).not.toBe(canonicalCardNumber("213-02000"));
});

describe("refused", () => {
  test.each([
    ["", "empty"],
    ["   ", "empty"],
    ["12 34", "only letters and digits"],
    ["12:34", "only letters and digits"],
    ["-1234", "only letters and digits"],
    ["12--34", "only letters and digits"],
    ["1234-", "only letters and digits"],
    ["straße", "only letters and digits"],
    ["1".repeat(65), "at most 64"],
  ])("%j: %s", (text, reason) => {
    expect(() => canonicalCardNumber(text)).toThrow(reason);
  });

  test("the error is a bad-request that does not echo the input", () => {
    try {
      canonicalCardNumber("secret 123");
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "bad-request" });
      expect((error as Error).message).not.toContain("secret");
    }
  });
});
