// The printer attributes of the Secure Print queue: rich enough for CUPS `-m everywhere`, macOS,
// iOS (AirPrint), Android (Mopria) and Windows' IPP class driver, limited to what can be released.
import { attr, bool, charset, collection, dateTime, enumValue, integer, keyword, mimeMediaType, naturalLanguage, name, range, resolution, text, uri } from "../../core/ipp/codec/values.js";
import type { IppAttribute, IppValue } from "../../core/ipp/codec/types.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { clockSeconds } from "./job-attributes.js";
import type { QueueDescription } from "./queue-description.js";

/** Operations the queue answers (each has a file in ./operations). */
export const SUPPORTED_OPERATIONS = [
  IppOperation.printJob,
  IppOperation.validateJob,
  IppOperation.createJob,
  IppOperation.sendDocument,
  IppOperation.cancelJob,
  IppOperation.getJobAttributes,
  IppOperation.getJobs,
  IppOperation.getPrinterAttributes,
  IppOperation.holdJob,
  IppOperation.releaseJob,
  IppOperation.setJobAttributes,
  IppOperation.cancelMyJobs,
  IppOperation.closeJob,
  IppOperation.identifyPrinter,
];

/** Sizes in hundredths of millimetres, as media-col wants them. */
const MEDIA_SIZES: Record<string, [number, number]> = {
  iso_a4_210x297mm: [21000, 29700],
  iso_a3_297x420mm: [29700, 42000],
  iso_a5_148x210mm: [14800, 21000],
  na_letter_8_5x11in: [21590, 27940],
  "na_letter_8.5x11in": [21590, 27940],
  "na_legal_8.5x14in": [21590, 35560],
};

const MARGIN = 423; // 4.23 mm: the common IPP Everywhere default margin

function mediaCol(media: string): IppValue {
  const [x, y] = MEDIA_SIZES[media] ?? [21000, 29700];
  return collection([
    attr("media-size", collection([attr("x-dimension", integer(x)), attr("y-dimension", integer(y))])),
    attr("media-size-name", keyword(media)),
    attr("media-top-margin", integer(MARGIN)),
    attr("media-bottom-margin", integer(MARGIN)),
    attr("media-left-margin", integer(MARGIN)),
    attr("media-right-margin", integer(MARGIN)),
    attr("media-source", keyword("auto")),
    attr("media-type", keyword("stationery")),
  ]);
}

const keywords = (values: string[]) => values.map(keyword);

/** printer-make-and-model; DNS-SD's TXT key ty. */
export const MAKE_AND_MODEL = "Printvakt Secure Print";

/** urf-supported; DNS-SD's TXT key URF repeats it (AirPrint wants the two to agree). */
export function urfSupported(queue: QueueDescription): string[] {
  const duplex = queue.sides.some((side) => side !== "one-sided");
  const color = queue.colorModes.includes("color");
  return ["V1.4", "CP1", "W8", ...(color ? ["SRGB24"] : []), "RS300-600", ...(duplex ? ["DM1"] : []), "IS1", "MT1-2-3-4-5-8-11-12", "OB10", "PQ3-4-5"];
}

export interface PrinterAttributeInputs {
  queue: QueueDescription;
  /** "ipp://host:port" as the client addressed us; ipps when on TLS. */
  baseUri: string;
  httpBaseUri: string;
  secure: boolean;
  /** "basic" when HTTP Basic is required or offered on this connection, "requesting-user-name" otherwise. */
  authentication: "basic" | "requesting-user-name";
  now: Date;
  startedAt: Date;
  maxJobBytes: number;
}

export function printerAttributes(inputs: PrinterAttributeInputs): IppAttribute[] {
  const { queue } = inputs;
  const printerUri = `${inputs.baseUri}/ipp/print`;
  const color = queue.colorModes.includes("color");
  const media = queue.media;
  const defaultMedia = media.includes("iso_a4_210x297mm") ? "iso_a4_210x297mm" : media[0]!;
  const formats = queue.formats;
  return [
    attr("printer-uri-supported", uri(printerUri)),
    attr("uri-security-supported", keyword(inputs.secure ? "tls" : "none")),
    attr("uri-authentication-supported", keyword(inputs.authentication)),
    attr("printer-name", name(queue.name)),
    attr("printer-info", text("Hold-and-release queue: collect your printouts by badging at any printer")),
    attr("printer-location", text("")),
    attr("printer-make-and-model", text(MAKE_AND_MODEL)),
    attr("printer-more-info", uri(`${inputs.httpBaseUri}/kiosk`)),
    attr("printer-dns-sd-name", name(queue.name)),
    attr("printer-uuid", uri(queue.uuid)),
    attr("printer-device-id", text(`MFG:Printvakt;MDL:Secure Print;CMD:${formats.map(commandSetName).filter(Boolean).join(",")};`)),
    attr("printer-state", enumValue(3)),
    attr("printer-state-reasons", keyword("none")),
    attr("printer-state-message", text("Jobs are held until their owner releases them at a printer")),
    attr("printer-is-accepting-jobs", bool(true)),
    attr("printer-up-time", integer(clockSeconds(inputs.now))),
    attr("printer-current-time", dateTime(inputs.now)),
    attr("printer-state-change-time", integer(clockSeconds(inputs.startedAt))),
    attr("printer-state-change-date-time", dateTime(inputs.startedAt)),
    attr("printer-config-change-time", integer(clockSeconds(inputs.startedAt))),
    attr("printer-config-change-date-time", dateTime(inputs.startedAt)),
    attr("queued-job-count", integer(queue.heldJobs)),
    attr("printer-kind", keyword("document")),
    attr("ipp-versions-supported", ...keywords(["1.0", "1.1", "2.0"])),
    attr("ipp-features-supported", keyword("ipp-everywhere")),
    attr("operations-supported", ...SUPPORTED_OPERATIONS.map(enumValue)),
    attr("charset-configured", charset("utf-8")),
    attr("charset-supported", charset("utf-8"), charset("us-ascii")),
    attr("natural-language-configured", naturalLanguage("en")),
    attr("generated-natural-language-supported", naturalLanguage("en"), naturalLanguage("sv")),
    attr("document-format-default", mimeMediaType("application/octet-stream")),
    attr("document-format-supported", ...formats.map(mimeMediaType)),
    attr("document-format-preferred", mimeMediaType("application/pdf")),
    attr("printer-get-attributes-supported", keyword("document-format")),
    attr("compression-supported", ...keywords(["none", "deflate", "gzip"])),
    attr("pdl-override-supported", keyword("attempted")),
    attr("multiple-document-jobs-supported", bool(false)),
    attr("multiple-operation-time-out", integer(300)),
    attr("multiple-operation-time-out-action", keyword("abort-job")),
    attr("job-ids-supported", bool(true)),
    attr("which-jobs-supported", ...keywords(["completed", "not-completed", "all"])),
    attr("job-k-octets-supported", range(0, Math.min(2_147_483_647, Math.ceil(inputs.maxJobBytes / 1024)))),
    attr("job-creation-attributes-supported", ...keywords(["copies", "finishings", "job-hold-until", "job-name", "job-password", "job-password-encryption", "media", "media-col", "orientation-requested", "page-ranges", "print-color-mode", "print-quality", "printer-resolution", "sides"])),
    attr("job-hold-until-supported", ...keywords(["no-hold", "indefinite"])),
    attr("job-hold-until-default", keyword("indefinite")),
    attr("job-password-supported", integer(12)),
    attr("job-password-encryption-supported", ...keywords(["none", "sha2-256"])),
    attr("job-password-repertoire-supported", ...keywords(["iana_us-ascii_digits", "iana_us-ascii_any"])),
    attr("job-password-repertoire-configured", keyword("iana_us-ascii_digits")),
    attr("job-release-action-supported", ...keywords(["none", "owner-authorized", "job-password"])),
    attr("job-release-action-default", keyword("owner-authorized")),
    attr("job-priority-supported", integer(100)),
    attr("job-priority-default", integer(50)),
    attr("job-sheets-supported", keyword("none")),
    attr("job-sheets-default", keyword("none")),
    attr("copies-supported", range(1, 999)),
    attr("copies-default", integer(1)),
    attr("finishings-supported", enumValue(3)),
    attr("finishings-default", enumValue(3)),
    attr("number-up-supported", integer(1)),
    attr("number-up-default", integer(1)),
    attr("page-ranges-supported", bool(true)),
    attr("multiple-document-handling-supported", ...keywords(["separate-documents-uncollated-copies", "separate-documents-collated-copies"])),
    attr("multiple-document-handling-default", keyword("separate-documents-collated-copies")),
    attr("orientation-requested-supported", ...[3, 4, 5, 6].map(enumValue)),
    attr("orientation-requested-default", enumValue(3)),
    attr("landscape-orientation-requested-preferred", enumValue(4)),
    attr("print-quality-supported", ...[3, 4, 5].map(enumValue)),
    attr("print-quality-default", enumValue(4)),
    attr("printer-resolution-supported", resolution(300, 300), resolution(600, 600)),
    attr("printer-resolution-default", resolution(600, 600)),
    attr("print-color-mode-supported", ...keywords(queue.colorModes)),
    attr("print-color-mode-default", keyword(color ? "auto" : "monochrome")),
    attr("color-supported", bool(color)),
    attr("print-scaling-supported", ...keywords(["auto", "auto-fit", "fill", "fit", "none"])),
    attr("print-scaling-default", keyword("auto")),
    attr("print-content-optimize-supported", ...keywords(["auto", "text", "graphic", "photo"])),
    attr("print-content-optimize-default", keyword("auto")),
    attr("sides-supported", ...keywords(queue.sides)),
    attr("sides-default", keyword("one-sided")),
    attr("output-bin-supported", keyword("face-down")),
    attr("output-bin-default", keyword("face-down")),
    attr("media-supported", ...keywords(media)),
    attr("media-default", keyword(defaultMedia)),
    attr("media-ready", ...keywords(media)),
    attr("media-size-supported", ...media.map((entry) => {
      const [x, y] = MEDIA_SIZES[entry] ?? [21000, 29700];
      return collection([attr("x-dimension", integer(x)), attr("y-dimension", integer(y))]);
    })),
    attr("media-col-supported", ...keywords(["media-size", "media-size-name", "media-top-margin", "media-bottom-margin", "media-left-margin", "media-right-margin", "media-source", "media-type"])),
    attr("media-col-database", ...media.map(mediaCol)),
    attr("media-col-default", mediaCol(defaultMedia)),
    attr("media-col-ready", ...media.map(mediaCol)),
    attr("media-source-supported", keyword("auto")),
    attr("media-type-supported", keyword("stationery")),
    attr("media-top-margin-supported", integer(MARGIN)),
    attr("media-bottom-margin-supported", integer(MARGIN)),
    attr("media-left-margin-supported", integer(MARGIN)),
    attr("media-right-margin-supported", integer(MARGIN)),
    attr("pwg-raster-document-resolution-supported", resolution(300, 300), resolution(600, 600)),
    attr("pwg-raster-document-type-supported", ...keywords(color ? ["black_1", "sgray_8", "srgb_8"] : ["black_1", "sgray_8"])),
    attr("pwg-raster-document-sheet-back", keyword("normal")),
    attr("urf-supported", ...keywords(urfSupported(queue))),
    attr("identify-actions-supported", ...keywords(["display", "sound"])),
    attr("identify-actions-default", keyword("display")),
    attr("mopria-certified", text("1.3")),
    attr("printer-organization", text("")),
    attr("printer-organizational-unit", text("")),
    attr("pages-per-minute", integer(20)),
    ...(color ? [attr("pages-per-minute-color", integer(20))] : []),
  ];
}

function commandSetName(format: string): string | undefined {
  return ({ "application/pdf": "PDF", "image/pwg-raster": "PWGRaster", "image/urf": "URF", "image/jpeg": "JPEG" } as Record<string, string>)[format];
}
