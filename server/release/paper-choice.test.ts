// Which paper a job prints on where its own size is missing.
import { describe, expect, test } from "vitest";
import { choosePaper, jobPaperSize } from "./paper-choice.js";

// What ippeveprinter lists; a Swedish office printer; a US one.
const IPPEVE = ["na_letter_8.5x11in", "na_legal_8.5x14in", "iso_a4_210x297mm", "na_number-10_4.125x9.5in", "iso_dl_110x220mm"];
const SWEDISH = ["iso_a4_210x297mm", "iso_a5_148x210mm", "iso_c5_162x229mm"];
const US = ["na_letter_8.5x11in", "na_legal_8.5x14in"];

describe("choosePaper", () => {
  test("the printer has the job's paper (by name or by size, either way round): nothing changes", () => {
    expect(choosePaper({ media: "iso_a4_210x297mm" }, SWEDISH)).toBeUndefined();
    expect(choosePaper({ "media-size": { x: 21000, y: 29700 } }, SWEDISH)).toBeUndefined();
    expect(choosePaper({ "media-size": { x: 29700, y: 21000 } }, SWEDISH)).toBeUndefined();
  });
  test("no paper named, or a printer that lists none: nothing changes", () => {
    expect(choosePaper({}, SWEDISH)).toBeUndefined();
    expect(choosePaper({ media: "iso_a5_148x210mm" }, [])).toBeUndefined();
  });
  test("A5 and A3 go on A4, the same shape, rather than Letter or Legal", () => {
    expect(choosePaper({ media: "iso_a5_148x210mm" }, IPPEVE)).toEqual({ media: "iso_a4_210x297mm", size: { x: 21000, y: 29700 } });
    expect(choosePaper({ media: "iso_a3_297x420mm" }, IPPEVE)?.media).toBe("iso_a4_210x297mm");
  });
  test("Letter, sent as a size only (CUPS, macOS), goes on A4 at a Swedish printer", () => {
    expect(choosePaper({ "media-size": { x: 21590, y: 27940 } }, SWEDISH)?.media).toBe("iso_a4_210x297mm");
  });
  test("A4 goes on Letter at a US printer", () => {
    expect(choosePaper({ media: "iso_a4_210x297mm" }, US)?.media).toBe("na_letter_8.5x11in");
  });
  test("of papers of the same shape, the one that needs the least scaling", () => {
    expect(choosePaper({ media: "iso_a6_105x148mm" }, SWEDISH)?.media).toBe("iso_a5_148x210mm");
  });
  test("rolls, custom ranges and names without a size are never chosen", () => {
    expect(choosePaper({ media: "iso_a5_148x210mm" }, ["custom_min_3x5in", "roll_max_36x1200in", "photo"])).toBeUndefined();
  });
});

test("the job's paper size: from its media name, else its media-size", () => {
  expect(jobPaperSize({ media: "na_letter_8.5x11in" })).toEqual({ x: 21590, y: 27940 });
  expect(jobPaperSize({ "media-size": { x: 11000, y: 22000 } })).toEqual({ x: 11000, y: 22000 });
  expect(jobPaperSize({ media: "photo" })).toBeUndefined();
});
