// Which release failures may have printed: only those that can happen after document bytes left.
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { mayHavePrinted } from "./unknown-outcome.js";

function failure(reason: string): PrintvaktError {
  return new PrintvaktError("unavailable", reason, { details: { reason } });
}

describe("mayHavePrinted", () => {
  test.each(["connection-reset", "printer-not-responding", "connection-failed", "printer-answer-malformed", "connection-lost-while-sending", "refused-after-data"])("%s after sending started: unknown", (reason) => {
    expect(mayHavePrinted(failure(reason), true)).toBe(true);
  });

  test.each(["printer-offline", "printer-busy", "printer-refused", "printer-refused-job", "document-format-not-supported"])("%s: the printer certainly has nothing", (reason) => {
    expect(mayHavePrinted(failure(reason), true)).toBe(false);
  });

  test.each(["conversion-failed", "conversion-timeout", "conversion-too-large", "conversion-limit"] as const)("a conversion stopped (%s) while its output streamed to the printer: unknown", (code) => {
    expect(mayHavePrinted(new PrintvaktError(code, code), true)).toBe(true);
    expect(mayHavePrinted(new PrintvaktError(code, code), false)).toBe(false);
  });

  test("nothing can have printed before the driver started sending", () => {
    expect(mayHavePrinted(failure("connection-reset"), false)).toBe(false);
  });

  test("an error without a driver reason (a bug, a spool read failure) is not treated as printed", () => {
    expect(mayHavePrinted(new PrintvaktError("internal", "boom"), true)).toBe(false);
  });
});
