// The first page header of a PWG raster (PWG 5102.4) or Apple raster (URF) document: what
// resolution, colour space and paper a printer was sent.

export interface RasterPage {
  xdpi: number;
  ydpi: number;
  bitsPerPixel: number;
  /** PWG: cupsColorSpace (18 sGray, 19 sRGB). URF: 0 sGray, 1 sRGB. */
  colorSpace: number;
  /** Pixels across and down. */
  width: number;
  height: number;
  /** PWG only: the page size in points and its PWG media name. */
  pageSizePoints?: [number, number];
  pageSizeName?: string;
}

/** PWG raster: "RaS2", then each page a 1796-byte header (offsets from the header's start). */
export function pwgRasterPage(bytes: Buffer): RasterPage {
  if (bytes.subarray(0, 4).toString("latin1") !== "RaS2") throw new Error("not PWG raster");
  const header = bytes.subarray(4, 4 + 1796);
  const u32 = (offset: number) => header.readUInt32BE(offset);
  return {
    xdpi: u32(276),
    ydpi: u32(280),
    pageSizePoints: [u32(352), u32(356)],
    width: u32(372),
    height: u32(376),
    bitsPerPixel: u32(388),
    colorSpace: u32(400),
    pageSizeName: header.subarray(1732, 1796).toString("latin1").replace(/\0.*$/s, ""),
  };
}

/** URF: "UNIRAST\0", a page count, then each page a 32-byte header. */
export function urfPage(bytes: Buffer): RasterPage {
  if (bytes.subarray(0, 8).toString("latin1") !== "UNIRAST\0") throw new Error("not URF");
  const header = bytes.subarray(12, 44);
  return { bitsPerPixel: header[0]!, colorSpace: header[1]!, width: header.readUInt32BE(12), height: header.readUInt32BE(16), xdpi: header.readUInt32BE(20), ydpi: header.readUInt32BE(20) };
}
