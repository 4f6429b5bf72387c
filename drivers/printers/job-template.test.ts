// How a held job's paper reaches a printer: its keyword when the printer has it, else its size.
import { describe, expect, test } from "vitest";
import { mapJobTemplate } from "./job-template.js";
import { statusWithoutCapabilities, type PrinterStatus } from "./printer-driver.js";

const printer = (media: string[]): PrinterStatus => ({ ...statusWithoutCapabilities(true, []), media });
const letter = { x: 21590, y: 27940 };
const mediaColOf = (size: { x: number; y: number }) => ({
  name: "media-col",
  values: [{ tag: 0x34, value: [{ name: "media-size", values: [{ tag: 0x34, value: [{ name: "x-dimension", values: [{ tag: 0x21, value: size.x }] }, { name: "y-dimension", values: [{ tag: 0x21, value: size.y }] }] }] }] }],
});

describe("media and media-size", () => {
  test("a printer that lists the keyword gets media and no media-col", () => {
    const mapped = mapJobTemplate({ media: "na_letter_8.5x11in", "media-size": letter }, printer(["iso_a4_210x297mm", "na_letter_8.5x11in"]));
    expect(mapped).toEqual({ attributes: [{ name: "media", values: [{ tag: 0x44, value: "na_letter_8.5x11in" }] }], notes: [] });
  });

  test("a printer that spells the paper otherwise gets media-col with the size", () => {
    const mapped = mapJobTemplate({ media: "na_letter_8.5x11in", "media-size": letter }, printer(["na_letter_8_5x11in_x", "na_letter_8.5x11.0in"]));
    expect(mapped).toEqual({ attributes: [mediaColOf(letter)], notes: [] });
  });

  test("a size-only job goes as media-col; to a printer without that size it is dropped with a note", () => {
    expect(mapJobTemplate({ "media-size": letter }, printer(["na_letter_8.5x11in"])).attributes).toEqual([mediaColOf(letter)]);
    expect(mapJobTemplate({ "media-size": { x: 11000, y: 22000 } }, printer(["iso_a4_210x297mm"]))).toEqual({ attributes: [], notes: ["media-size-not-supported"] });
  });

  test("a printer that lists no media at all is sent the size and decides itself", () => {
    expect(mapJobTemplate({ media: "iso_a5_148x210mm", "media-size": { x: 14800, y: 21000 } }, printer([])).attributes).toEqual([mediaColOf({ x: 14800, y: 21000 })]);
  });
});
