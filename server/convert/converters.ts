// Which converter turns a held document into a language the printer takes: a table of fixed
// argument lists (from-format × to-language), walked by planConversion. Nothing a user sent ever
// becomes an argument; only the choices below (target, grey or colour) pick a row.
import { JPEG, PCL5, PCL_XL, PDF, POSTSCRIPT, PWG_RASTER, URF } from "./languages.js";
import type { MediaSize } from "../../core/ipp/media-sizes.js";
import { chooseResolution, resolutionArgument, type Resolution } from "./raster-resolution.js";

export type ConverterTool = "gs" | "rastertopdf" | "imagetopdf";

/** Absolute paths: the sandbox has no PATH search worth trusting. */
export const TOOL_PATHS: Readonly<Record<ConverterTool, string>> = Object.freeze({
  gs: "/usr/bin/gs",
  rastertopdf: "/usr/lib/cups/filter/rastertopdf",
  imagetopdf: "/usr/lib/cups/filter/imagetopdf",
});

/** One sandboxed process: reads the document on stdin, writes `produces` on stdout. */
export interface ConverterStep {
  tool: ConverterTool;
  args: readonly string[];
  produces: string;
}

export type ConversionPlan =
  | { kind: "pass-through"; format: string }
  | { kind: "convert"; from: string; target: string; grey: boolean; steps: readonly ConverterStep[]; resolution?: Resolution; paper?: MediaSize }
  | { kind: "impossible"; from: string };

// -dSAFER (Ghostscript's default since 9.50, said anyway) forbids file access outside the input;
// stdout is the document, so Ghostscript's own messages go to stderr.
const GS_COMMON = ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sstdout=%stderr", "-sOutputFile=-"];
const GREY_VECTOR = ["-sColorConversionStrategy=Gray", "-dProcessColorModel=/DeviceGray"];

/** Ghostscript devices per target language; `grey` for monochrome printers and monochrome jobs. */
const GS_TARGETS: Readonly<Record<string, { colour: readonly string[]; grey: readonly string[] }>> = {
  [PDF]: { colour: ["-sDEVICE=pdfwrite"], grey: ["-sDEVICE=pdfwrite", ...GREY_VECTOR] },
  [POSTSCRIPT]: { colour: ["-sDEVICE=ps2write"], grey: ["-sDEVICE=ps2write", ...GREY_VECTOR] },
  // cupsColorSpace 19 = sRGB, 18 = sGray (PWG 5102.4 srgb_8 / sgray_8, what IPP Everywhere printers take).
  // Their resolution is the printer's (raster-resolution.ts), added by ghostscriptStep.
  [PWG_RASTER]: {
    colour: ["-sDEVICE=pwgraster", "-dcupsColorSpace=19", "-dcupsBitsPerColor=8"],
    grey: ["-sDEVICE=pwgraster", "-dcupsColorSpace=18", "-dcupsBitsPerColor=8"],
  },
  // URF takes 8-bit sGray (W8) and 24-bit sRGB (SRGB24). Without a colour space Ghostscript 10.0's
  // urf device writes 1 bit per pixel, which is no URF: readers stop after the first page (checked).
  [URF]: {
    colour: ["-sDEVICE=urf", "-dcupsColorSpace=19", "-dcupsBitsPerColor=8"],
    grey: ["-sDEVICE=urf", "-dcupsColorSpace=18", "-dcupsBitsPerColor=8"],
  },
  [PCL_XL]: { colour: ["-sDEVICE=pxlcolor", "-r600"], grey: ["-sDEVICE=pxlmono", "-r600"] },
  // ljet4 is a black-and-white LaserJet 4 (PCL 5e): the lowest common PCL 5 every laser printer takes.
  [PCL5]: { colour: ["-sDEVICE=ljet4", "-r600"], grey: ["-sDEVICE=ljet4", "-r600"] },
};

/** Formats Ghostscript reads itself from stdin. */
const GS_READS: ReadonlySet<string> = new Set([PDF, POSTSCRIPT]);

// CUPS filters take: job-id user title copies options. All fixed: the real title and user never
// enter a process's arguments. Without a file argument they read stdin.
const CUPS_FILTER_ARGS = ["1", "printvakt", "document", "1"];
const RASTER_TO_PDF: Readonly<Record<string, ConverterStep>> = {
  [PWG_RASTER]: { tool: "rastertopdf", args: [...CUPS_FILTER_ARGS, ""], produces: PDF },
  [URF]: { tool: "rastertopdf", args: [...CUPS_FILTER_ARGS, ""], produces: PDF },
  [JPEG]: { tool: "imagetopdf", args: [...CUPS_FILTER_ARGS, "media=iso_a4_210x297mm fit-to-page"], produces: PDF },
};

/** The language chosen when a printer takes several of those we can make: vector first, then raster. */
const TARGET_PREFERENCE = [PDF, POSTSCRIPT, PWG_RASTER, PCL_XL, URF, PCL5];

/** Raster languages, rendered at a resolution the printer lists. */
const RASTER_TARGETS: ReadonlySet<string> = new Set([PWG_RASTER, URF]);

/**
 * Ghostscript's arguments that put every page on `paper`, scaled to fit (up or down, keeping its
 * proportions). Numbers only: computed from a size, never a name anyone sent.
 */
export function fitToPaperArgs(paper: MediaSize): string[] {
  const points = (hundredthsOfMm: number) => (Math.round((hundredthsOfMm / 2540) * 72 * 100) / 100).toString();
  return ["-dFIXEDMEDIA", "-dFitPage", `-dDEVICEWIDTHPOINTS=${points(paper.x)}`, `-dDEVICEHEIGHTPOINTS=${points(paper.y)}`];
}

export function ghostscriptStep(target: string, grey: boolean, resolution?: Resolution, paper?: MediaSize): ConverterStep {
  const device = GS_TARGETS[target];
  if (!device) throw new Error(`no Ghostscript device for ${target}`);
  const raster = RASTER_TARGETS.has(target) ? [resolutionArgument(resolution ?? chooseResolution([]))] : [];
  const fit = paper ? fitToPaperArgs(paper) : [];
  return { tool: "gs", args: [...GS_COMMON, ...(grey ? device.grey : device.colour), ...raster, ...fit, "-"], produces: target };
}

// A raster page made into PDF for colour needs no second pass. For grey, Ghostscript renders it
// again as a greyscale image PDF, so no path sends colour to a monochrome printer. pdfimage8, not
// pdfwrite: pdfwrite's colour conversion of images took 20 times as long (5 s for six 150 dpi pages).
const GREY_IMAGE_PDF = [...GS_COMMON, "-sDEVICE=pdfimage8", `-r${chooseResolution([]).x}`];

function rasterToPdf(toPdf: ConverterStep, grey: boolean, paper: MediaSize | undefined): ConverterStep[] {
  if (!grey && !paper) return [toPdf];
  if (!grey) return [toPdf, ghostscriptStep(PDF, false, undefined, paper)];
  return [toPdf, { tool: "gs", args: [...GREY_IMAGE_PDF, ...(paper ? fitToPaperArgs(paper) : []), "-"], produces: PDF }];
}

export interface PrinterLanguages {
  /** Formats the printer takes, lower case. */
  formats: readonly string[];
  colour: boolean;
  /** pwg-raster-document-resolution-supported, in dpi. */
  pwgResolutions?: readonly Resolution[];
  /** The RS entry of urf-supported, in dpi. */
  urfResolutions?: readonly number[];
}

/** The resolution a raster target renders at for this printer; undefined for other targets. */
function resolutionFor(target: string, printer: PrinterLanguages): Resolution | undefined {
  if (target === PWG_RASTER) return chooseResolution(printer.pwgResolutions ?? []);
  if (target === URF) return chooseResolution((printer.urfResolutions ?? []).map((dpi) => ({ x: dpi, y: dpi })));
  return undefined;
}

/** Formats Ghostscript can write again in the same language, scaled onto other paper. */
const REWRITABLE: ReadonlySet<string> = new Set([PDF, POSTSCRIPT, PWG_RASTER, URF]);

/**
 * Pass-through when the printer takes the document as it is; otherwise the steps that make the
 * printer's best language of it. `wantGrey`: the job asked for monochrome. `paper`: the printer
 * lacks the job's paper, so every page is scaled to fit on this one (paper-choice.ts), which
 * takes a conversion even where the printer takes the format.
 */
export function planConversion(from: string, printer: PrinterLanguages, wantGrey: boolean, paper?: MediaSize): ConversionPlan {
  const source = from.toLowerCase();
  if (printer.formats.includes(source) && (!paper || !REWRITABLE.has(source))) return { kind: "pass-through", format: source };
  const target = paper && printer.formats.includes(source) ? source : TARGET_PREFERENCE.find((language) => printer.formats.includes(language));
  const toPdf = RASTER_TO_PDF[source];
  if (target === undefined || (!GS_READS.has(source) && toPdf === undefined)) return { kind: "impossible", from: source };
  // Rewritten only for its paper, a PDF or PostScript the printer takes keeps its colours, as it
  // would have gone as it is: pdfwrite's conversion of images to grey is slow (GREY_IMAGE_PDF).
  const sameVector = paper !== undefined && target === source && GS_READS.has(source);
  const grey = (wantGrey || !printer.colour) && !sameVector;
  const resolution = resolutionFor(target, printer);
  const steps = toPdf && target === PDF ? rasterToPdf(toPdf, grey, paper) : [...(toPdf ? [toPdf] : []), ghostscriptStep(target, grey, resolution, paper)];
  return { kind: "convert", from: source, target, grey, steps, ...(resolution && { resolution }), ...(paper && { paper }) };
}

/** Every format a held document may arrive in that conversion can handle. */
const CONVERTIBLE_SOURCES = [PDF, POSTSCRIPT, PWG_RASTER, URF, JPEG];

/**
 * What a printer can be sent, counting conversion: its own formats plus every source format that
 * converts to one of them. For the queue's advertised set (server/ipp/queue-description.ts), so one
 * PCL-only printer no longer removes PDF and PWG raster for everybody (review F2).
 */
export function printableFormats(printerFormats: readonly string[]): string[] {
  const formats = printerFormats.map((format) => format.toLowerCase());
  const reachable = CONVERTIBLE_SOURCES.filter((source) => planConversion(source, { formats, colour: true }, false).kind !== "impossible");
  return [...new Set([...formats, ...reachable])];
}
