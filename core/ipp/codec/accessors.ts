// Reading a decoded message: find a group or an attribute, take its first value as a plain type.
import { STRING_VALUE_TAGS, ValueTag } from "./tags.js";
import type { IppAttribute, IppGroup, IppMessage, IppValue } from "./types.js";

/** The first group with this delimiter tag (requests carry at most one of each we read). */
export function findGroup(message: IppMessage, groupTag: number): IppGroup | undefined {
  return message.groups.find((candidate) => candidate.tag === groupTag);
}

/** Every group with this tag, in order (job groups of a Get-Jobs response, for example). */
export function groupsWithTag(message: IppMessage, groupTag: number): IppGroup[] {
  return message.groups.filter((candidate) => candidate.tag === groupTag);
}

/** An attribute by name in a group, or in a collection value's members. */
export function findAttribute(container: IppGroup | IppAttribute[], name: string): IppAttribute | undefined {
  const attributes = Array.isArray(container) ? container : container.attributes;
  return attributes.find((candidate) => candidate.name === name);
}

/** The first value of an attribute in the first group with that tag. */
export function firstValue(message: IppMessage, groupTag: number, name: string): IppValue | undefined {
  const found = findGroup(message, groupTag);
  return found === undefined ? undefined : findAttribute(found, name)?.values[0];
}

/** The string of a string value: text, name (with or without language), keyword, uri, charset, ... */
export function stringOf(value: IppValue | undefined): string | undefined {
  if (value === undefined || "unknownTag" in value) return undefined;
  if (value.tag === ValueTag.textWithLanguage || value.tag === ValueTag.nameWithLanguage) return value.value.text;
  if (STRING_VALUE_TAGS.has(value.tag)) return (value as { value: string }).value;
  return undefined;
}

/** The number of an integer or enum value. */
export function integerOf(value: IppValue | undefined): number | undefined {
  if (value === undefined || "unknownTag" in value) return undefined;
  return value.tag === ValueTag.integer || value.tag === ValueTag.enum ? value.value : undefined;
}

export function booleanOf(value: IppValue | undefined): boolean | undefined {
  if (value === undefined || "unknownTag" in value) return undefined;
  return value.tag === ValueTag.boolean ? value.value : undefined;
}

export function octetsOf(value: IppValue | undefined): Buffer | undefined {
  if (value === undefined || "unknownTag" in value) return undefined;
  return value.tag === ValueTag.octetString ? value.value : undefined;
}

export function membersOf(value: IppValue | undefined): IppAttribute[] | undefined {
  if (value === undefined || "unknownTag" in value) return undefined;
  return value.tag === ValueTag.begCollection ? value.value : undefined;
}

/** The first value as a string, or undefined when absent or of another syntax. */
export const firstString = (message: IppMessage, groupTag: number, name: string): string | undefined =>
  stringOf(firstValue(message, groupTag, name));

export const firstInteger = (message: IppMessage, groupTag: number, name: string): number | undefined =>
  integerOf(firstValue(message, groupTag, name));

export const firstBoolean = (message: IppMessage, groupTag: number, name: string): boolean | undefined =>
  booleanOf(firstValue(message, groupTag, name));

export const firstOctets = (message: IppMessage, groupTag: number, name: string): Buffer | undefined =>
  octetsOf(firstValue(message, groupTag, name));

/** All string values of an attribute (requested-attributes, document-format-supported, ...). */
export function allStrings(message: IppMessage, groupTag: number, name: string): string[] {
  const found = findGroup(message, groupTag);
  const attribute = found === undefined ? undefined : findAttribute(found, name);
  return (attribute?.values ?? []).map(stringOf).filter((value): value is string => value !== undefined);
}

/** True when the first value is out-of-band no-value / unknown / unsupported. */
export function isOutOfBand(value: IppValue | undefined): boolean {
  return value !== undefined && !("unknownTag" in value) && (value.tag === ValueTag.noValue || value.tag === ValueTag.unknown || value.tag === ValueTag.unsupported);
}
