// Specification of the boot-keyboard decoder against report sequences as readers send them.
import { describe, expect, test } from "vitest";
import { KeyboardReportDecoder, type DecoderEvent } from "./keyboard-report-decoder.js";
import { completeSequences, digitsWithoutTerminator, em4100DecimalWithEnter, reportBytes } from "../../test/support/card-readers/keyboard-reports.js";

/** Feeds reports 10 ms apart, as a reader types, and names each outcome. */
function decode(decoder: KeyboardReportDecoder, reports: readonly string[], startMs = 0): string[] {
  return reports.flatMap((line, index) => decoder.push(reportBytes(line), startMs + index * 10)).map(outcome);
}

function outcome(event: DecoderEvent): string {
  return event.kind === "read" ? event.text : "discarded";
}

describe.each(completeSequences)("$name", ({ reports, expected }) => {
  test(`gives ${JSON.stringify(expected)}`, () => {
    expect(decode(new KeyboardReportDecoder(), reports)).toEqual(expected);
  });
});

test("the read after a spoiled one is clean", () => {
  const decoder = new KeyboardReportDecoder();
  decode(decoder, ["00 00 29 00 00 00 00 00", "00 00 28 00 00 00 00 00", "00 00 00 00 00 00 00 00"]);
  expect(decode(decoder, em4100DecimalWithEnter.reports, 1000)).toEqual(["0013961168"]);
});

test("Enter on its own is not a read", () => {
  expect(decode(new KeyboardReportDecoder(), ["00 00 28 00 00 00 00 00", "00 00 00 00 00 00 00 00"])).toEqual([]);
});

test("shift on digits types the US symbols, which no card shape accepts", () => {
  expect(decode(new KeyboardReportDecoder(), ["02 00 1e 00 00 00 00 00", "00 00 00 00 00 00 00 00", "00 00 28 00 00 00 00 00"])).toEqual(["!"]);
});

describe("missing terminator", () => {
  test("a partial read is discarded once the inter-character timeout has passed", () => {
    const decoder = new KeyboardReportDecoder({ interCharacterTimeoutMs: 500 });
    expect(decode(decoder, digitsWithoutTerminator)).toEqual([]);
    const lastKeyAt = 80; // the fifth key-down report, 10 ms apart
    expect(decoder.deadline).toBe(lastKeyAt + 500);
    expect(decoder.expire(lastKeyAt + 499)).toEqual([]);
    expect(decoder.expire(lastKeyAt + 500)).toEqual([{ kind: "discarded", reason: "no Enter after the last key (partial read timed out)" }]);
    expect(decoder.deadline).toBeUndefined();
  });

  test("the partial read is never glued to the next card, even without an expire call", () => {
    const decoder = new KeyboardReportDecoder({ interCharacterTimeoutMs: 500 });
    decode(decoder, digitsWithoutTerminator);
    expect(decode(decoder, em4100DecimalWithEnter.reports, 5000)).toEqual(["discarded", "0013961168"]);
  });

  test("keys closer together than the timeout stay one read", () => {
    const decoder = new KeyboardReportDecoder({ interCharacterTimeoutMs: 500 });
    // 200 ms per report: a key-down every 400 ms, slower than any real reader.
    const slowReports = em4100DecimalWithEnter.reports.flatMap((line, index) => decoder.push(reportBytes(line), index * 200)).map(outcome);
    expect(slowReports).toEqual(["0013961168"]);
  });
});

test("a read longer than the limit is discarded", () => {
  const decoder = new KeyboardReportDecoder({ maxLength: 4 });
  expect(decode(decoder, [...digitsWithoutTerminator, "00 00 28 00 00 00 00 00"])).toEqual(["discarded"]);
});

test("a report of the wrong size spoils the read in progress", () => {
  const decoder = new KeyboardReportDecoder();
  expect(decode(decoder, ["00 00 1e 00 00 00 00 00", "00 00 00 00", "00 00 1f 00 00 00 00 00", "00 00 28 00 00 00 00 00"])).toEqual(["discarded"]);
});

test("reset discards a read in progress and forgets held keys", () => {
  const decoder = new KeyboardReportDecoder();
  decode(decoder, ["00 00 1e 00 00 00 00 00"]);
  expect(decoder.reset().map(outcome)).toEqual(["discarded"]);
  expect(decode(decoder, ["00 00 1e 00 00 00 00 00", "00 00 28 00 00 00 00 00"], 100)).toEqual(["1"]);
});
