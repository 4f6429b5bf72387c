// The resolution a raster conversion renders at: the printer's best that stays within a cap.
// A 1200 dpi colour A4 page is about 400 MB before compression, four times 600 dpi, for no
// difference anyone sees on office documents; the cap keeps CPU, memory and time in bounds.

/** Dots per inch across (x) and along (y) the feed. */
export interface Resolution {
  x: number;
  y: number;
}

export const RESOLUTION_CAP_DPI = 600;
/** When the printer names none (a declared raw printer): what every raster printer takes. */
export const DEFAULT_RASTER_DPI = 300;

const DOTS_PER_CM = 4;

/** An IPP resolution (pwg-raster-document-resolution-supported) in dots per inch. */
export function dpiOf(resolution: { x: number; y: number; units: number }): Resolution {
  const toInch = (value: number) => (resolution.units === DOTS_PER_CM ? Math.round(value * 2.54) : value);
  return { x: toInch(resolution.x), y: toInch(resolution.y) };
}

/** The resolutions of urf-supported's RS entry: "RS300-600" → [300, 600]. */
export function urfResolutions(urfSupported: readonly string[]): number[] {
  const entry = urfSupported.find((value) => value.toUpperCase().startsWith("RS"));
  if (entry === undefined) return [];
  return entry.slice(2).split("-").map(Number).filter((dpi) => Number.isInteger(dpi) && dpi > 0);
}

/**
 * The highest offered resolution within the cap; when all are above it, the lowest offered; when
 * none are offered, DEFAULT_RASTER_DPI. Raster printers print only at resolutions they list.
 */
export function chooseResolution(offered: readonly Resolution[], cap = RESOLUTION_CAP_DPI): Resolution {
  const dots = (resolution: Resolution) => resolution.x * resolution.y;
  const within = offered.filter((resolution) => resolution.x <= cap && resolution.y <= cap);
  const pool = within.length > 0 ? within : offered;
  if (pool.length === 0) return { x: DEFAULT_RASTER_DPI, y: DEFAULT_RASTER_DPI };
  const pick = within.length > 0 ? Math.max : Math.min;
  const best = pick(...pool.map(dots));
  return pool.find((resolution) => dots(resolution) === best)!;
}

/** Ghostscript's -r argument. */
export function resolutionArgument(resolution: Resolution): string {
  return resolution.x === resolution.y ? `-r${resolution.x}` : `-r${resolution.x}x${resolution.y}`;
}
