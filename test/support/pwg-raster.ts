// Writes small valid PWG raster files (PWG 5102.4) for the ipp-everywhere.test samples: white pages with a black band.

export type PwgRasterType = "black_1" | "sgray_8" | "srgb_8" | "srgb_16" | "cmyk_8";

export interface PwgRasterOptions {
  type: PwgRasterType;
  dpi: number;
  /** Page size in points (1/72 inch). */
  widthPoints: number;
  heightPoints: number;
  pages?: number;
  /** PWG media name, e.g. "iso_a4_210x297mm". */
  pageSizeName?: string;
}

interface Layout {
  bitsPerColor: number;
  bitsPerPixel: number;
  colorSpace: number; // cups_cspace_t: 3 black, 6 cmyk, 18 sgray, 19 srgb
  numColors: number;
  white: number; // byte value of a white sample
}

const LAYOUTS: Record<PwgRasterType, Layout> = {
  black_1: { bitsPerColor: 1, bitsPerPixel: 1, colorSpace: 3, numColors: 1, white: 0x00 },
  sgray_8: { bitsPerColor: 8, bitsPerPixel: 8, colorSpace: 18, numColors: 1, white: 0xff },
  srgb_8: { bitsPerColor: 8, bitsPerPixel: 24, colorSpace: 19, numColors: 3, white: 0xff },
  srgb_16: { bitsPerColor: 16, bitsPerPixel: 48, colorSpace: 19, numColors: 3, white: 0xff },
  cmyk_8: { bitsPerColor: 8, bitsPerPixel: 32, colorSpace: 6, numColors: 4, white: 0x00 },
};

const HEADER_BYTES = 1796;

function writeText(header: Buffer, offset: number, text: string): void {
  header.write(text.slice(0, 63), offset, "ascii");
}

function pageHeader(options: PwgRasterOptions, layout: Layout, width: number, height: number, pages: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  const bytesPerPixel = Math.max(1, layout.bitsPerPixel / 8);
  const u32 = (offset: number, value: number) => header.writeUInt32BE(value, offset);
  writeText(header, 0, "PwgRaster");
  u32(276, options.dpi); // HWResolution
  u32(280, options.dpi);
  u32(340, 1); // NumCopies
  u32(352, Math.round(options.widthPoints)); // PageSize
  u32(356, Math.round(options.heightPoints));
  u32(372, width);
  u32(376, height);
  u32(384, layout.bitsPerColor);
  u32(388, layout.bitsPerPixel);
  u32(392, layout.bitsPerPixel < 8 ? Math.ceil(width / 8) : width * bytesPerPixel); // BytesPerLine
  u32(396, 0); // chunky pixels
  u32(400, layout.colorSpace);
  u32(420, layout.numColors);
  u32(452, pages); // TotalPageCount
  u32(456, 1); // CrossFeedTransform
  u32(460, 1); // FeedTransform
  writeText(header, 1732, options.pageSizeName ?? "");
  return header;
}

// One compressed line: runs of at most 128 identical "pixels" (a pixel is one byte for 1-bit types).
function solidLine(repeat: number, unitsPerLine: number, unit: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([repeat - 1])];
  for (let left = unitsPerLine; left > 0; left -= 128) {
    parts.push(Buffer.from([Math.min(left, 128) - 1]), unit);
  }
  return Buffer.concat(parts);
}

// Lines that repeat up to 256 times share one record, so a page costs a few kilobytes at any resolution.
function lineRun(lines: number, unitsPerLine: number, unit: Buffer): Buffer[] {
  const records: Buffer[] = [];
  for (let left = lines; left > 0; left -= 256) records.push(solidLine(Math.min(left, 256), unitsPerLine, unit));
  return records;
}

/** A PWG raster stream ("RaS2" + pages), each page white with a black band across its middle third. */
export function makePwgRaster(options: PwgRasterOptions): Buffer {
  const layout = LAYOUTS[options.type];
  const pages = options.pages ?? 1;
  const width = Math.floor((options.widthPoints * options.dpi) / 72);
  const height = Math.floor((options.heightPoints * options.dpi) / 72);
  const bytesPerUnit = Math.max(1, layout.bitsPerPixel / 8);
  const unitsPerLine = layout.bitsPerPixel < 8 ? Math.ceil(width / 8) : width;
  const white = Buffer.alloc(bytesPerUnit, layout.white);
  // Black: all-ones for black_1 (1 = ink), zero for gray/RGB, full K (last channel) for CMYK.
  const black = Buffer.alloc(bytesPerUnit, options.type === "black_1" ? 0xff : 0x00);
  if (options.type === "cmyk_8") black[3] = 0xff;

  const band = Math.floor(height / 3);
  const parts: Buffer[] = [Buffer.from("RaS2", "ascii")];
  for (let page = 0; page < pages; page++) {
    parts.push(pageHeader(options, layout, width, height, pages));
    parts.push(...lineRun(band, unitsPerLine, white));
    parts.push(...lineRun(band, unitsPerLine, black));
    parts.push(...lineRun(height - 2 * band, unitsPerLine, white));
  }
  return Buffer.concat(parts);
}
