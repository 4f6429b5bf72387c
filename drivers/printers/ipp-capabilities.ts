// Turns a Get-Printer-Attributes answer into the driver-neutral PrinterStatus.
import type { IppMessage } from "../../core/ipp/codec/types.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import { booleanOf, findValues, integersOf, resolutionsOf, stringsOf, upperBoundOf, valuesInRanges } from "./ipp-messages.js";
import type { PrinterState, PrinterStatus } from "./printer-driver.js";

/** printer-state enum (RFC 8011 §5.4.11). */
const PRINTER_STATES: Readonly<Record<number, PrinterState>> = { 3: "idle", 4: "processing", 5: "stopped" };

export function printerStatusFromResponse(response: IppMessage): PrinterStatus {
  const read = (name: string) => findValues(response, GroupTag.printer, name);
  const state = integersOf(read("printer-state"))[0];
  const jobKOctets = upperBoundOf(read("job-k-octets-supported"));
  const makeAndModel = stringsOf(read("printer-make-and-model"))[0];
  const acceptingJobs = booleanOf(read("printer-is-accepting-jobs"));
  return {
    reachable: true,
    state: (state !== undefined ? PRINTER_STATES[state] : undefined) ?? "unknown",
    // "none" is how IPP says the list is empty.
    stateReasons: stringsOf(read("printer-state-reasons")).filter((reason) => reason !== "none"),
    formats: stringsOf(read("document-format-supported")),
    sides: stringsOf(read("sides-supported")),
    media: stringsOf(read("media-supported")),
    copiesMax: Math.max(1, upperBoundOf(read("copies-supported")) ?? 1),
    colorModes: stringsOf(read("print-color-mode-supported")),
    printQualities: integersOf(read("print-quality-supported")),
    orientations: integersOf(read("orientation-requested-supported")),
    pageRangesSupported: booleanOf(read("page-ranges-supported")) ?? false,
    multipleDocumentHandling: stringsOf(read("multiple-document-handling-supported")),
    outputBins: stringsOf(read("output-bin-supported")),
    printScalings: stringsOf(read("print-scaling-supported")),
    numberUp: valuesInRanges(read("number-up-supported")),
    resolutions: resolutionsOf(read("printer-resolution-supported")),
    pwgRasterResolutions: resolutionsOf(read("pwg-raster-document-resolution-supported")),
    urfSupported: stringsOf(read("urf-supported")),
    ...(jobKOctets !== undefined && jobKOctets > 0 ? { maxJobBytes: jobKOctets * 1024 } : {}),
    ...(makeAndModel !== undefined ? { makeAndModel } : {}),
    ...(acceptingJobs !== undefined ? { acceptingJobs } : {}),
  };
}

/** The printer's own spelling of `format`, when it supports it (MIME types compare case-insensitively). */
export function supportedFormat(format: string, formats: readonly string[]): string | undefined {
  const wanted = format.toLowerCase();
  return formats.find((candidate) => candidate.toLowerCase() === wanted);
}
