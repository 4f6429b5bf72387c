// Which resolution a raster conversion renders at, from what the printer lists.
import { describe, expect, test } from "vitest";
import { chooseResolution, dpiOf, resolutionArgument, urfResolutions } from "./raster-resolution.js";

describe("chooseResolution", () => {
  test("the printer's best resolution within the 600 dpi cap", () => {
    expect(chooseResolution([{ x: 300, y: 300 }, { x: 600, y: 600 }])).toEqual({ x: 600, y: 600 });
    expect(chooseResolution([{ x: 300, y: 300 }, { x: 600, y: 600 }, { x: 1200, y: 1200 }])).toEqual({ x: 600, y: 600 });
  });
  test("only resolutions above the cap: the lowest of them (a printer prints only what it lists)", () => {
    expect(chooseResolution([{ x: 2400, y: 2400 }, { x: 1200, y: 1200 }])).toEqual({ x: 1200, y: 1200 });
  });
  test("none listed: 300 dpi", () => {
    expect(chooseResolution([])).toEqual({ x: 300, y: 300 });
  });
  test("an uneven resolution is kept as it is", () => {
    const chosen = chooseResolution([{ x: 300, y: 300 }, { x: 300, y: 600 }]);
    expect(chosen).toEqual({ x: 300, y: 600 });
    expect(resolutionArgument(chosen)).toBe("-r300x600");
    expect(resolutionArgument({ x: 600, y: 600 })).toBe("-r600");
  });
});

test("dots per centimetre become dots per inch", () => {
  expect(dpiOf({ x: 118, y: 118, units: 4 })).toEqual({ x: 300, y: 300 });
  expect(dpiOf({ x: 600, y: 600, units: 3 })).toEqual({ x: 600, y: 600 });
});

test("urf-supported's RS entry lists the URF resolutions", () => {
  expect(urfResolutions(["CP1", "IS1-4-5-19", "MT1-2-3-4-5-6", "RS600", "V1.4", "W8"])).toEqual([600]);
  expect(urfResolutions(["V1.4", "RS300-600", "SRGB24"])).toEqual([300, 600]);
  expect(urfResolutions(["V1.4", "W8"])).toEqual([]);
});
