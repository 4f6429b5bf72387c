// The IPP requests the printer driver sends, and small readers for the answers it gets back.
import type { IppAttribute, IppMessage, IppValue, IppVersion } from "../../core/ipp/codec/types.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { GroupTag, ValueTag } from "../../core/ipp/codec/tags.js";

/** nameWithoutLanguage is at most 255 octets (RFC 8011 §5.1.3); cut on a character boundary. */
const MAX_NAME_OCTETS = 255;

export function truncateUtf8(text: string, maxOctets: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxOctets) return text;
  let result = "";
  let octets = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character, "utf8");
    if (octets + size > maxOctets) break;
    result += character;
    octets += size;
  }
  return result;
}

const string = (tag: 0x41 | 0x42 | 0x44 | 0x45 | 0x47 | 0x48 | 0x49, value: string): IppValue => ({ tag, value });
const attribute = (name: string, ...values: IppValue[]): IppAttribute => ({ name, values });

function operationGroup(printerUri: string, extra: IppAttribute[]): { tag: number; attributes: IppAttribute[] } {
  return {
    tag: GroupTag.operation,
    attributes: [
      attribute("attributes-charset", string(ValueTag.charset, "utf-8")),
      attribute("attributes-natural-language", string(ValueTag.naturalLanguage, "en")),
      attribute("printer-uri", string(ValueTag.uri, printerUri)),
      ...extra,
    ],
  };
}

/** Only what the driver reads: keeps answers small (no media-col-database) and quick to decode. */
export const PRINTER_ATTRIBUTES_WANTED = [
  "printer-state",
  "printer-state-reasons",
  "printer-is-accepting-jobs",
  "printer-make-and-model",
  "document-format-supported",
  "sides-supported",
  "media-supported",
  "copies-supported",
  "print-color-mode-supported",
  "print-quality-supported",
  "orientation-requested-supported",
  "page-ranges-supported",
  "multiple-document-handling-supported",
  "output-bin-supported",
  "print-scaling-supported",
  "number-up-supported",
  "printer-resolution-supported",
  // Raster conversions render at one of these (server/convert/raster-resolution.ts).
  "pwg-raster-document-resolution-supported",
  "urf-supported",
  "job-k-octets-supported",
  "ipp-versions-supported",
] as const;

export interface RequestEnvelope {
  version: IppVersion;
  requestId: number;
  printerUri: string;
  userName: string;
}

export function getPrinterAttributesRequest(envelope: RequestEnvelope): IppMessage {
  return {
    version: envelope.version,
    code: IppOperation.getPrinterAttributes,
    requestId: envelope.requestId,
    groups: [
      operationGroup(envelope.printerUri, [
        attribute("requesting-user-name", string(ValueTag.nameWithoutLanguage, truncateUtf8(envelope.userName, MAX_NAME_OCTETS))),
        attribute("requested-attributes", ...PRINTER_ATTRIBUTES_WANTED.map((name) => string(ValueTag.keyword, name))),
      ]),
    ],
  };
}

export interface PrintJobFields {
  jobName: string;
  documentFormat: string;
  /** Job template attributes, already mapped against the printer's capabilities. */
  template: IppAttribute[];
}

/** Operation attributes in RFC 8011 order, then the job group; never a hold or a password. */
export function printJobRequest(envelope: RequestEnvelope, fields: PrintJobFields): IppMessage {
  const groups = [
    operationGroup(envelope.printerUri, [
      attribute("requesting-user-name", string(ValueTag.nameWithoutLanguage, truncateUtf8(envelope.userName, MAX_NAME_OCTETS))),
      attribute("job-name", string(ValueTag.nameWithoutLanguage, truncateUtf8(fields.jobName, MAX_NAME_OCTETS))),
      attribute("document-format", string(ValueTag.mimeMediaType, fields.documentFormat)),
    ]),
  ];
  if (fields.template.length > 0) groups.push({ tag: GroupTag.job, attributes: fields.template });
  return { version: envelope.version, code: IppOperation.printJob, requestId: envelope.requestId, groups };
}

export function getJobAttributesRequest(envelope: RequestEnvelope, jobId: number): IppMessage {
  return {
    version: envelope.version,
    code: IppOperation.getJobAttributes,
    requestId: envelope.requestId,
    groups: [
      operationGroup(envelope.printerUri, [
        attribute("job-id", { tag: ValueTag.integer, value: jobId }),
        attribute("requesting-user-name", string(ValueTag.nameWithoutLanguage, truncateUtf8(envelope.userName, MAX_NAME_OCTETS))),
        attribute("requested-attributes", string(ValueTag.keyword, "job-state"), string(ValueTag.keyword, "job-state-reasons")),
      ]),
    ],
  };
}

/** The values of the first attribute with this name in any group of that tag. */
export function findValues(message: IppMessage, groupTag: number, name: string): IppValue[] {
  for (const group of message.groups) {
    if (group.tag !== groupTag) continue;
    const found = group.attributes.find((candidate) => candidate.name === name);
    if (found) return found.values;
  }
  return [];
}

export function stringsOf(values: IppValue[]): string[] {
  return values.flatMap((value) => ("value" in value && typeof value.value === "string" ? [value.value] : []));
}

export function integersOf(values: IppValue[]): number[] {
  return values.flatMap((value) => ((value.tag === ValueTag.integer || value.tag === ValueTag.enum) && "value" in value && typeof value.value === "number" ? [value.value] : []));
}

export function booleanOf(values: IppValue[]): boolean | undefined {
  const first = values[0];
  return first !== undefined && first.tag === ValueTag.boolean && "value" in first && typeof first.value === "boolean" ? first.value : undefined;
}

/** The upper bound of a rangeOfInteger value, or of a plain integer. */
export function upperBoundOf(values: IppValue[]): number | undefined {
  const first = values[0];
  if (first === undefined || !("value" in first)) return undefined;
  if (first.tag === ValueTag.rangeOfInteger && typeof first.value === "object" && first.value !== null && "upper" in first.value) return first.value.upper;
  if (first.tag === ValueTag.integer && typeof first.value === "number") return first.value;
  return undefined;
}

/** Integers listed one by one or as ranges (number-up-supported may be either), up to `limit` values. */
export function valuesInRanges(values: IppValue[], limit = 100): number[] {
  const found = new Set<number>(integersOf(values));
  for (const value of values) {
    if (value.tag !== ValueTag.rangeOfInteger || !("value" in value) || typeof value.value !== "object" || value.value === null || !("upper" in value.value)) continue;
    const { lower, upper } = value.value as { lower: number; upper: number };
    for (let up = Math.max(1, lower); up <= Math.min(upper, limit); up += 1) found.add(up);
  }
  return [...found].sort((a, b) => a - b);
}

export function resolutionsOf(values: IppValue[]): Array<{ x: number; y: number; units: number }> {
  return values.flatMap((value) => {
    if (value.tag !== ValueTag.resolution || !("value" in value) || typeof value.value !== "object" || value.value === null || !("units" in value.value)) return [];
    const { x, y, units } = value.value as { x: number; y: number; units: number };
    return [{ x, y, units }];
  });
}

/** Names the printer listed in its unsupported-attributes group. */
export function unsupportedAttributeNames(message: IppMessage): string[] {
  return message.groups.filter((group) => group.tag === GroupTag.unsupported).flatMap((group) => group.attributes.map((item) => item.name));
}
