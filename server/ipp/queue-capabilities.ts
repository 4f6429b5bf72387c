// The one capability set the queue advertises, in IPP (printer-attributes.ts) and in DNS-SD
// (dnssd/txt-record.ts) alike. It is a fixed, rich IPP Everywhere set and deliberately does not
// follow the fleet: a job is held until its owner walks to some printer, and which printer that
// will be is not known at submission. Adding one PDF-only or simplex printer must not take PWG
// raster or duplex away from everybody (review F2); fitting a job to the printer it is released
// to is the release's business (per-printer capabilities and conversion there).

/** Page description languages the queue takes; application/octet-stream is sniffed on arrival. */
export const QUEUE_FORMATS = ["application/pdf", "image/pwg-raster", "image/urf", "image/jpeg"] as const;

export const QUEUE_SIDES = ["one-sided", "two-sided-long-edge", "two-sided-short-edge"] as const;

export const QUEUE_COLOR_MODES = ["auto", "monochrome", "color"] as const;

/** ISO and North American sizes and envelopes; the first is media-default. */
export const QUEUE_MEDIA = [
  "iso_a4_210x297mm",
  "iso_a3_297x420mm",
  "iso_a5_148x210mm",
  "iso_a6_105x148mm",
  "iso_b5_176x250mm",
  "iso_dl_110x220mm",
  "iso_c5_162x229mm",
  "iso_c4_229x324mm",
  "iso_c6_114x162mm",
  "na_letter_8.5x11in",
  "na_legal_8.5x14in",
  "na_executive_7.25x10.5in",
  "na_ledger_11x17in",
  "na_number-10_4.125x9.5in",
  "na_monarch_3.875x7.5in",
  "na_index-4x6_4x6in",
] as const;

/** Resolutions (dpi) for PWG raster and URF; ipp-everywhere.test sends samples at each. */
export const QUEUE_RESOLUTIONS = [300, 600] as const;

export const PWG_RASTER_TYPES = ["black_1", "sgray_8", "srgb_8"] as const;

/**
 * urf-supported; DNS-SD's TXT key URF repeats it (AirPrint wants the two to agree). Apple Raster
 * is one of QUEUE_FORMATS, so it is always offered: V1.4, sGray and sRGB 8-bit, 300/600 dpi,
 * duplex, copies, page ranges, the media types and qualities.
 */
export const URF_SUPPORTED = ["V1.4", "CP1", "W8", "SRGB24", "RS300-600", "DM1", "IS1", "MT1-2-3-4-5-8-11-12", "OB10", "PQ3-4-5"] as const;

/** printer-make-and-model; DNS-SD's TXT key ty. */
export const MAKE_AND_MODEL = "Printvakt Secure Print";

/** Where the queue's icon is served over HTTP (printer-icons; see server/http/printer-icon.ts). */
export const PRINTER_ICON_PATH = "/icons/printer.png";
