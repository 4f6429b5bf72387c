// Printer names as sites write them are accepted; what could confuse a shell, a CSV cell, a log
// line or a person comparing two names is refused.
import { describe, expect, test } from "vitest";
import { validPrinterName } from "./printers.js";

describe("printer names", () => {
  test.each(["Plan 3", "Plan 3 – Socialtjänsten, norr", "Kopiator (rum 214)", "Hus A/B & C", "Ö-huset_2.0", "Plan 5 — Läsesal", "A".repeat(64)])("%s is accepted", (name) => {
    expect(validPrinterName(`  ${name} `)).toBe(name);
  });

  test.each([
    ["empty", ""],
    ["starting with a mark", "–Plan 3"],
    ["two spaces in a row", "Plan  3"],
    ["a quote", 'Plan "3"'],
    ["a semicolon (a CSV cell separator)", "Plan 3; Plan 4"],
    ["a newline", "Plan 3\nforged log line"],
    ["a control character", "Plan\u00003"],
    ["65 characters", "A".repeat(65)],
  ])("%s is refused", (_why, name) => {
    expect(() => validPrinterName(name)).toThrow(/is not valid/);
  });
});
