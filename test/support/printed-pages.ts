// What a printer received: its language from the first bytes, and its page count, read with
// tools where one exists (qpdf; cups-filters' rastertopdf for URF) and from page headers otherwise.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTool } from "./tools.js";

export type PrinterLanguage = "pdf" | "pwg-raster" | "urf" | "postscript" | "pclxl" | "pcl5" | "unknown";

export function languageOf(bytes: Buffer): PrinterLanguage {
  const head = bytes.subarray(0, 256).toString("latin1");
  if (head.startsWith("%PDF")) return "pdf";
  if (head.startsWith("RaS2PwgRaster")) return "pwg-raster";
  if (head.startsWith("UNIRAST")) return "urf";
  if (head.startsWith("%!PS")) return "postscript";
  if (head.includes(") HP-PCL XL")) return "pclxl";
  if (head.startsWith("\x1bE")) return "pcl5";
  return "unknown";
}

function count(bytes: Buffer, marker: string): number {
  const needle = Buffer.from(marker, "latin1");
  let found = 0;
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) found++;
  return found;
}

function withFile<T>(bytes: Buffer, use: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "pv-pages-"));
  try {
    const file = join(dir, "document");
    writeFileSync(file, bytes);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfPages(bytes: Buffer): number {
  return withFile(bytes, (file) => Number(execFileSync(requireTool("qpdf"), ["--show-npages", file], { encoding: "utf8" }).trim()));
}

/**
 * Pages in a document of any of the languages above. PWG raster: one "PwgRaster" media class per
 * page header. PostScript: DSC %%Page comments. PCL XL: one MediaSize attribute (0xf8 0x25) per
 * BeginPage, as Ghostscript writes it. PCL 5 (ljet4): one ESC*r0F (raster presentation) per page.
 * URF: rastertopdf (cups-filters) makes a PDF of it, counted by qpdf.
 */
export function pageCount(bytes: Buffer): number {
  switch (languageOf(bytes)) {
    case "pdf":
      return pdfPages(bytes);
    case "pwg-raster":
      return count(bytes, "PwgRaster\0");
    case "postscript":
      return count(bytes, "\n%%Page:");
    case "pclxl":
      return count(bytes, "\xf8\x25");
    case "pcl5":
      return count(bytes, "\x1b*r0F");
    case "urf":
      return pdfPages(execFileSync("/usr/lib/cups/filter/rastertopdf", ["1", "test", "urf", "1", ""], { input: bytes, maxBuffer: 256 * 1024 * 1024, stdio: ["pipe", "pipe", "ignore"] }));
    default:
      throw new Error(`pageCount: not a known printer language (starts ${JSON.stringify(bytes.subarray(0, 16).toString("latin1"))})`);
  }
}

/**
 * How many pixels of a PDF, rendered at 20 dpi, are coloured (their red, green and blue differ by
 * more than a rounding step): 0 for a document that prints the same on a monochrome printer.
 */
export function colouredPixels(pdf: Buffer): number {
  const ppm = execFileSync(requireTool("gs"), ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=ppmraw", "-r20", "-sOutputFile=-", "-"], { input: pdf, maxBuffer: 64 * 1024 * 1024 });
  let coloured = 0;
  // One P6 image per page: "P6\n# comment\n<width> <height>\n255\n" then RGB bytes.
  for (let at = 0; at < ppm.length; ) {
    const header = /^P6\s+(?:#[^\n]*\n)*(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(at, at + 200).toString("latin1"));
    if (!header) throw new Error("colouredPixels: not a PPM page");
    const start = at + header[0].length;
    const end = start + Number(header[1]) * Number(header[2]) * 3;
    for (let pixel = start; pixel < end; pixel += 3) {
      const [r, g, b] = [ppm[pixel]!, ppm[pixel + 1]!, ppm[pixel + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 8) coloured++;
    }
    at = end;
  }
  return coloured;
}
