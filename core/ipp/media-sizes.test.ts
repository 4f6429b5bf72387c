// Paper sizes from PWG self-describing names, names from sizes, and the kiosk's labels.
import { describe, expect, test } from "vitest";
import { mediaNameForSize, mediaSizeOf, paperLabel } from "./media-sizes.js";

describe("mediaSizeOf: the size a PWG name states, never A4 for a name it does not know", () => {
  test.each([
    ["iso_a4_210x297mm", { x: 21000, y: 29700 }],
    ["iso_a5_148x210mm", { x: 14800, y: 21000 }],
    ["iso_dl_110x220mm", { x: 11000, y: 22000 }],
    ["iso_c5_162x229mm", { x: 16200, y: 22900 }],
    ["na_letter_8.5x11in", { x: 21590, y: 27940 }],
    ["na_legal_8.5x14in", { x: 21590, y: 35560 }],
    ["na_executive_7.25x10.5in", { x: 18415, y: 26670 }],
    ["na_number-10_4.125x9.5in", { x: 10478, y: 24130 }],
    ["custom_label_62x100mm", { x: 6200, y: 10000 }],
  ])("%s is %o", (name, size) => {
    expect(mediaSizeOf(name)).toEqual(size);
  });

  test.each(["a4", "iso_a4", "na_letter_8.5x11", "iso_a4_0x297mm", ""])("%j states no size", (name) => {
    expect(mediaSizeOf(name)).toBeUndefined();
  });
});

test("mediaNameForSize matches within a millimetre and in either orientation, and nothing else", () => {
  const names = ["iso_a4_210x297mm", "na_letter_8.5x11in", "iso_dl_110x220mm"];
  expect(mediaNameForSize({ x: 21590, y: 27940 }, names)).toBe("na_letter_8.5x11in");
  expect(mediaNameForSize({ x: 21600, y: 27900 }, names)).toBe("na_letter_8.5x11in");
  expect(mediaNameForSize({ x: 22000, y: 11000 }, names)).toBe("iso_dl_110x220mm");
  expect(mediaNameForSize({ x: 14800, y: 21000 }, names)).toBeUndefined();
});

test("paperLabel: the name people use, else the size in millimetres, else nothing", () => {
  expect(paperLabel("iso_a5_148x210mm", undefined)).toBe("A5");
  expect(paperLabel("na_letter_8.5x11in", { x: 21590, y: 27940 })).toBe("Letter");
  expect(paperLabel(undefined, { x: 11000, y: 22000 })).toBe("DL envelope");
  expect(paperLabel(undefined, { x: 6200, y: 10000 })).toBe("62 × 100 mm");
  expect(paperLabel(undefined, undefined)).toBeNull();
});
