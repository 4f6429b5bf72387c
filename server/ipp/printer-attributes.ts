// The printer attributes of the Secure Print queue: a full IPP Everywhere set (PWG 5100.14) for
// CUPS `-m everywhere`, macOS, iOS (AirPrint), Android (Mopria) and Windows' IPP class driver. The
// capabilities come from queue-capabilities.ts, which the DNS-SD TXT record is built from too.
import { attr, bool, charset, dateTime, enumValue, integer, keyword, mimeMediaType, naturalLanguage, name, octets, range, resolution, text, unknown, uri } from "../../core/ipp/codec/values.js";
import type { IppAttribute } from "../../core/ipp/codec/types.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { clockSeconds } from "./job-attributes.js";
import { mediaAttributes } from "./media-attributes.js";
import { MAKE_AND_MODEL, PRINTER_ICON_PATH, PWG_RASTER_TYPES, QUEUE_RESOLUTIONS, URF_SUPPORTED } from "./queue-capabilities.js";
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

const keywords = (values: readonly string[]) => values.map(keyword);

export interface PrinterAttributeInputs {
  queue: QueueDescription;
  /** Live jobs, for queued-job-count (countQueuedJobs). */
  queuedJobs: number;
  /** "ipp://host:port" as the client addressed us; ipps when on TLS. */
  baseUri: string;
  httpBaseUri: string;
  secure: boolean;
  /** "basic" when HTTP Basic is required or offered on this connection, "requesting-user-name" otherwise. */
  authentication: "basic" | "requesting-user-name";
  now: Date;
  startedAt: Date;
  maxJobBytes: number;
  /** printer-geo-location (a geo: URI); unknown when not configured. */
  geoLocation?: string;
}

export function printerAttributes(inputs: PrinterAttributeInputs): IppAttribute[] {
  const { queue } = inputs;
  const printerUri = `${inputs.baseUri}/ipp/print`;
  const formats = queue.formats;
  const resolutions = QUEUE_RESOLUTIONS.map((dpi) => resolution(dpi, dpi));
  return [
    attr("printer-uri-supported", uri(printerUri)),
    attr("uri-security-supported", keyword(inputs.secure ? "tls" : "none")),
    attr("uri-authentication-supported", keyword(inputs.authentication)),
    attr("printer-name", name(queue.name)),
    attr("printer-info", text("Hold-and-release queue: collect your printouts by badging at any printer")),
    attr("printer-location", text("")),
    attr("printer-make-and-model", text(MAKE_AND_MODEL)),
    attr("printer-more-info", uri(`${inputs.httpBaseUri}/kiosk`)),
    attr("printer-dns-sd-name", name(queue.dnsSdName)),
    attr("printer-icons", uri(`${inputs.httpBaseUri}${PRINTER_ICON_PATH}`)),
    attr("printer-geo-location", inputs.geoLocation ? uri(inputs.geoLocation) : unknown()),
    attr("printer-uuid", uri(queue.uuid)),
    attr("printer-device-id", text(`MFG:Printvakt;MDL:Secure Print;CMD:${formats.map(commandSetName).filter(Boolean).join(",")};`)),
    attr("printer-state", enumValue(3)),
    attr("printer-state-reasons", keyword("none")),
    attr("printer-state-message", text("Jobs are held until their owner releases them at a printer")),
    attr("printer-is-accepting-jobs", bool(true)),
    // The queue has no toner or paper of its own; each printer reports its own at the kiosk. One
    // entry that says so (PWG 5100.14 wants the attribute, RFC 3805 form).
    attr("printer-supply", octets(Buffer.from("index=1;class=other;type=other;unit=percent;maxcapacity=100;level=-2;colorantname=unknown;"))),
    attr("printer-supply-description", text("Supplies are those of the printer you release at")),
    attr("printer-supply-info-uri", uri(`${inputs.httpBaseUri}/kiosk`)),
    attr("printer-up-time", integer(clockSeconds(inputs.now))),
    attr("printer-current-time", dateTime(inputs.now)),
    attr("printer-state-change-time", integer(clockSeconds(inputs.startedAt))),
    attr("printer-state-change-date-time", dateTime(inputs.startedAt)),
    attr("printer-config-change-time", integer(clockSeconds(inputs.startedAt))),
    attr("printer-config-change-date-time", dateTime(inputs.startedAt)),
    attr("queued-job-count", integer(inputs.queuedJobs)),
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
    attr("preferred-attributes-supported", bool(false)),
    // Accepted but not applied: nothing of a held job is rendered here (PWG 5100.6 page overrides).
    attr("overrides-supported", ...keywords(["document-number", "pages"])),
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
    attr("printer-resolution-supported", ...resolutions),
    attr("printer-resolution-default", resolution(600, 600)),
    attr("print-color-mode-supported", ...keywords(queue.colorModes)),
    attr("print-color-mode-default", keyword("auto")),
    attr("color-supported", bool(queue.colorModes.includes("color"))),
    attr("print-rendering-intent-supported", ...keywords(["auto", "perceptual", "relative", "saturation"])),
    attr("print-rendering-intent-default", keyword("auto")),
    attr("print-scaling-supported", ...keywords(["auto", "auto-fit", "fill", "fit", "none"])),
    attr("print-scaling-default", keyword("auto")),
    attr("print-content-optimize-supported", ...keywords(["auto", "text", "graphic", "photo"])),
    attr("print-content-optimize-default", keyword("auto")),
    attr("sides-supported", ...keywords(queue.sides)),
    attr("sides-default", keyword("one-sided")),
    attr("output-bin-supported", keyword("face-down")),
    attr("output-bin-default", keyword("face-down")),
    ...mediaAttributes(queue.media),
    attr("pwg-raster-document-resolution-supported", ...resolutions),
    attr("pwg-raster-document-type-supported", ...keywords(PWG_RASTER_TYPES)),
    attr("pwg-raster-document-sheet-back", keyword("normal")),
    attr("urf-supported", ...keywords(URF_SUPPORTED)),
    attr("identify-actions-supported", ...keywords(["display", "sound"])),
    attr("identify-actions-default", keyword("display")),
    attr("mopria-certified", text("1.3")),
    attr("printer-organization", text("")),
    attr("printer-organizational-unit", text("")),
    attr("pages-per-minute", integer(20)),
    attr("pages-per-minute-color", integer(20)),
  ];
}

function commandSetName(format: string): string | undefined {
  return ({ "application/pdf": "PDF", "image/pwg-raster": "PWGRaster", "image/urf": "URF", "image/jpeg": "JPEG" } as Record<string, string>)[format];
}
