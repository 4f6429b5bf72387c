// Small constructors for IPP values and attributes, so operation code reads like the attribute lists
// it answers with: attr("printer-state", enumValue(3)), attr("media-col-default", collection(...)).
import { GroupTag, ValueTag } from "./tags.js";
import type { IppAttribute, IppGroup, IppResolution, IppValue } from "./types.js";

export function attr(name: string, ...values: IppValue[]): IppAttribute {
  return { name, values };
}

export function group(tag: number, attributes: IppAttribute[]): IppGroup {
  return { tag, attributes };
}

export const operationGroup = (attributes: IppAttribute[]): IppGroup => group(GroupTag.operation, attributes);
export const jobGroup = (attributes: IppAttribute[]): IppGroup => group(GroupTag.job, attributes);
export const printerGroup = (attributes: IppAttribute[]): IppGroup => group(GroupTag.printer, attributes);
export const unsupportedGroup = (attributes: IppAttribute[]): IppGroup => group(GroupTag.unsupported, attributes);

export const integer = (value: number): IppValue => ({ tag: ValueTag.integer, value });
export const enumValue = (value: number): IppValue => ({ tag: ValueTag.enum, value });
export const bool = (value: boolean): IppValue => ({ tag: ValueTag.boolean, value });
export const octets = (value: Buffer): IppValue => ({ tag: ValueTag.octetString, value });
export const dateTime = (value: Date): IppValue => ({ tag: ValueTag.dateTime, value });
export const range = (lower: number, upper: number): IppValue => ({ tag: ValueTag.rangeOfInteger, value: { lower, upper } });

/** Units 3 = dots per inch (the default), 4 = dots per centimetre. */
export const resolution = (x: number, y: number, units: IppResolution["units"] = 3): IppValue => ({
  tag: ValueTag.resolution,
  value: { x, y, units },
});

export const collection = (members: IppAttribute[]): IppValue => ({ tag: ValueTag.begCollection, value: members });

/** text and name take a language only when it differs from attributes-natural-language. */
export const text = (value: string, language?: string): IppValue =>
  language === undefined ? { tag: ValueTag.textWithoutLanguage, value } : { tag: ValueTag.textWithLanguage, value: { language, text: value } };
export const name = (value: string, language?: string): IppValue =>
  language === undefined ? { tag: ValueTag.nameWithoutLanguage, value } : { tag: ValueTag.nameWithLanguage, value: { language, text: value } };

export const keyword = (value: string): IppValue => ({ tag: ValueTag.keyword, value });
export const uri = (value: string): IppValue => ({ tag: ValueTag.uri, value });
export const uriScheme = (value: string): IppValue => ({ tag: ValueTag.uriScheme, value });
export const charset = (value: string): IppValue => ({ tag: ValueTag.charset, value });
export const naturalLanguage = (value: string): IppValue => ({ tag: ValueTag.naturalLanguage, value });
export const mimeMediaType = (value: string): IppValue => ({ tag: ValueTag.mimeMediaType, value });

/** Out-of-band values (RFC 8010 §3.8). */
export const noValue = (): IppValue => ({ tag: ValueTag.noValue });
export const unknown = (): IppValue => ({ tag: ValueTag.unknown });
export const unsupported = (): IppValue => ({ tag: ValueTag.unsupported });

/** Several values of one constructor: attr("sides-supported", ...many(keyword, "one-sided", "two-sided-long-edge")). */
export function many<T>(make: (value: T) => IppValue, ...values: T[]): IppValue[] {
  return values.map((value) => make(value));
}
