// What the kiosk is told will change at a printer, from the job's choices and the printer's abilities.
import { describe, expect, test } from "vitest";
import { releaseChanges, wantsGrey, type PrinterAbilities } from "./printer-abilities.js";

const FULL: PrinterAbilities = { formats: ["application/pdf"], colour: true, sides: ["one-sided", "two-sided-long-edge", "two-sided-short-edge"], media: ["iso_a4_210x297mm", "iso_a3_297x420mm"], pwgResolutions: [], urfResolutions: [] };
const BASIC: PrinterAbilities = { formats: ["application/vnd.hp-pcl"], colour: false, sides: ["one-sided"], media: ["iso_a4_210x297mm"], pwgResolutions: [], urfResolutions: [] };
const UNKNOWN: PrinterAbilities = { formats: [], colour: true, sides: [], media: [], pwgResolutions: [], urfResolutions: [] };

describe("releaseChanges", () => {
  const JOB = { sides: "two-sided-long-edge", "print-color-mode": "color", media: "iso_a3_297x420mm" };
  test("a printer that can do everything the job asks changes nothing", () => {
    expect(releaseChanges(JOB, FULL)).toEqual([]);
  });
  test("a simplex monochrome A4 printer: one-sided, black and white, another paper size", () => {
    expect(releaseChanges(JOB, BASIC)).toEqual(["one-sided", "monochrome", "paper-size"]);
  });
  test("a one-sided, monochrome or paper-less job changes nothing anywhere", () => {
    expect(releaseChanges({ sides: "one-sided", "print-color-mode": "monochrome" }, BASIC)).toEqual([]);
    expect(releaseChanges({}, BASIC)).toEqual([]);
  });
  test("a job that names its paper only by size (CUPS, macOS) is told when the printer lacks it", () => {
    expect(releaseChanges({ "media-size": { x: 14800, y: 21000 } }, BASIC)).toEqual(["paper-size"]);
    expect(releaseChanges({ "media-size": { x: 21000, y: 29700 } }, BASIC)).toEqual([]);
  });
  test("a printer whose abilities are unknown is not said to change anything", () => {
    expect(releaseChanges(JOB, UNKNOWN)).toEqual([]);
  });
});

test("a monochrome job is rendered grey even for a colour printer", () => {
  expect(wantsGrey({ "print-color-mode": "monochrome" })).toBe(true);
  expect(wantsGrey({ "print-color-mode": "color" })).toBe(false);
  expect(wantsGrey({})).toBe(false);
});
