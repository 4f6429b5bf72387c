// Our IPP encoder: writes an IppMessage (responses to clients, requests to printers) as RFC 8010 octets.
//
// Why not `ipp.serialize` (checked against ipp 2.0.1):
// - it writes one job group only, so Get-Jobs with several jobs needs splicing;
// - it has no unsupported-attributes group, so it silently drops what we must report back;
// - it writes dateTime wrongly (month 0-11, the UTC direction as a number: ipptool says
//   "Bad dateTime UTC sign");
// - it throws on names missing from its table (urf-supported, mopria-certified, printer-kind,
//   job-release-action-supported, ...) and fails on media-col-database;
// - it guesses value tags from that table (a bare [1, 99] range comes out as 0-0).
// Every IppValue carries its own tag, so nothing here guesses; names are never looked up.
import { PrintvaktError } from "../../errors.js";
import { DATE_TIME_LENGTH, decodeDateTime, encodeDateTime } from "./date-time.js";
import { GroupTag, ValueTag } from "./tags.js";
import type { IppAttribute, IppMessage, IppValue } from "./types.js";

/**
 * libcups refuses names and values over 32,767 octets ("IPP value larger than 32767 bytes"), as
 * does our decoder by default: writing one would only produce a message nobody can read.
 */
export const MAX_ENCODED_LENGTH = 32_767;

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;

function encodingError(message: string): PrintvaktError {
  return new PrintvaktError("internal", `cannot encode IPP message: ${message}`);
}

/** A growing output buffer: doubling keeps the copying linear in the message size. */
class OctetWriter {
  #octets = Buffer.alloc(1024);
  #length = 0;

  #reserve(count: number): number {
    const start = this.#length;
    if (start + count > this.#octets.length) {
      const grown = Buffer.alloc(Math.max(this.#octets.length * 2, start + count));
      this.#octets.copy(grown, 0, 0, start);
      this.#octets = grown;
    }
    this.#length = start + count;
    return start;
  }

  // #reserve may replace the buffer, so it runs before this.#octets is read.
  uint8(value: number): void {
    const start = this.#reserve(1);
    this.#octets.writeUInt8(value, start);
  }

  uint16(value: number): void {
    const start = this.#reserve(2);
    this.#octets.writeUInt16BE(value, start);
  }

  int32(value: number): void {
    const start = this.#reserve(4);
    this.#octets.writeInt32BE(value, start);
  }

  octets(value: Uint8Array): void {
    const start = this.#reserve(value.length);
    this.#octets.set(value, start);
  }

  /** A 16-bit length followed by the octets. */
  lengthPrefixed(value: Uint8Array, what: string): void {
    if (value.length > MAX_ENCODED_LENGTH) throw encodingError(`${what} is ${value.length} octets, over ${MAX_ENCODED_LENGTH}`);
    this.uint16(value.length);
    this.octets(value);
  }

  result(): Buffer {
    return Buffer.from(this.#octets.subarray(0, this.#length));
  }
}

function checkInt32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) throw encodingError(`${what} ${value} is not a 32-bit integer`);
  return value;
}

function int32Octets(...values: number[]): Buffer {
  const octets = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => octets.writeInt32BE(checkInt32(value, "value"), index * 4));
  return octets;
}

function asciiOctets(text: string, allowSpace: boolean, what: string): Buffer {
  if (typeof text !== "string") throw encodingError(`${what} value is not a string`);
  const lowest = allowSpace ? 0x20 : 0x21;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < lowest || code > 0x7e) throw encodingError(`${what} value contains characters outside printable US-ASCII`);
  }
  return Buffer.from(text, "latin1");
}

/** Keeps a received dateTime's own UTC offset when it still denotes the same instant. */
function dateTimeOctets(value: Date, raw: Buffer | undefined): Buffer {
  if (raw !== undefined && raw.length === DATE_TIME_LENGTH && decodeDateTime(raw)?.getTime() === value.getTime()) return raw;
  return encodeDateTime(value);
}

function withLanguageOctets(language: string, text: string): Buffer {
  const languageOctets = asciiOctets(language, false, "natural language");
  const textOctets = Buffer.from(text, "utf8");
  const octets = Buffer.alloc(4 + languageOctets.length + textOctets.length);
  octets.writeUInt16BE(languageOctets.length, 0);
  languageOctets.copy(octets, 2);
  octets.writeUInt16BE(textOctets.length, 2 + languageOctets.length);
  textOctets.copy(octets, 4 + languageOctets.length);
  return octets;
}

/** The octets of one value; a collection's members are written after its (empty) value. */
function valueOctets(value: IppValue): Buffer {
  if ("unknownTag" in value) return value.value;
  switch (value.tag) {
    case ValueTag.integer:
    case ValueTag.enum:
      return int32Octets(value.value);
    case ValueTag.boolean:
      return Buffer.of(value.value ? 1 : 0);
    case ValueTag.octetString:
      return value.value;
    case ValueTag.dateTime:
      return dateTimeOctets(value.value, value.raw);
    case ValueTag.resolution: {
      const { x, y, units } = value.value;
      if (!Number.isInteger(units) || units < 0 || units > 0xff) throw encodingError(`resolution units ${units} do not fit one octet`);
      return Buffer.concat([int32Octets(x, y), Buffer.of(units)]);
    }
    case ValueTag.rangeOfInteger:
      return int32Octets(value.value.lower, value.value.upper);
    case ValueTag.begCollection:
    case ValueTag.unsupported:
    case ValueTag.unknown:
    case ValueTag.noValue:
      return Buffer.alloc(0);
    case ValueTag.textWithLanguage:
    case ValueTag.nameWithLanguage:
      return withLanguageOctets(value.value.language, value.value.text);
    case ValueTag.textWithoutLanguage:
    case ValueTag.nameWithoutLanguage:
      return Buffer.from(value.value, "utf8");
    case ValueTag.mimeMediaType:
      return asciiOctets(value.value, true, "mimeMediaType");
    default:
      // keyword, uri, uriScheme, charset, naturalLanguage: visible ASCII without spaces.
      return asciiOctets(value.value, false, `value with tag 0x${value.tag.toString(16)}`);
  }
}

function checkValueTag(tag: number): void {
  const structural = tag === ValueTag.endCollection || tag === ValueTag.memberAttrName || tag === ValueTag.extension;
  if (!Number.isInteger(tag) || tag < 0x10 || tag > 0xff || structural) throw encodingError(`0x${tag.toString(16)} is not a value tag we write`);
}

function nameOctets(name: string): Buffer {
  if (name.length === 0) throw encodingError("empty attribute name");
  return asciiOctets(name, false, "attribute name");
}

/** Writes one value: tag, name (empty for additional values and collection members), value. */
function writeValue(writer: OctetWriter, name: Buffer, value: IppValue): void {
  checkValueTag(value.tag);
  writer.uint8(value.tag);
  writer.lengthPrefixed(name, "attribute name");
  writer.lengthPrefixed(valueOctets(value), "attribute value");
  if (value.tag === ValueTag.begCollection && !("unknownTag" in value)) writeMembers(writer, value.value);
}

const EMPTY = Buffer.alloc(0);

/**
 * Collection members: memberAttrName carries the name in its value, then the values unnamed.
 * Recursion follows the nesting of our own data; anything decoded from a peer is at most maxDepth deep.
 */
function writeMembers(writer: OctetWriter, members: IppAttribute[]): void {
  for (const member of members) {
    writer.uint8(ValueTag.memberAttrName);
    writer.lengthPrefixed(EMPTY, "member name field");
    writer.lengthPrefixed(nameOctets(member.name), "member name");
    if (member.values.length === 0) throw encodingError(`collection member ${member.name} has no values`);
    for (const value of member.values) writeValue(writer, EMPTY, value);
  }
  writer.uint8(ValueTag.endCollection);
  writer.uint16(0);
  writer.uint16(0);
}

function writeAttribute(writer: OctetWriter, attribute: IppAttribute): void {
  if (attribute.values.length === 0) throw encodingError(`attribute ${attribute.name} has no values (use noValue())`);
  const name = nameOctets(attribute.name);
  attribute.values.forEach((value, index) => writeValue(writer, index === 0 ? name : EMPTY, value));
}

/** Encodes the header and attribute section, ending with end-of-attributes; document data is the caller's. */
export function encodeIppMessage(message: IppMessage): Buffer {
  try {
    return writeMessage(message);
  } catch (error) {
    // A value of the wrong JavaScript type (only possible past the type checker) still leaves as our error type.
    if (error instanceof PrintvaktError) throw error;
    throw new PrintvaktError("internal", "cannot encode IPP message: malformed value", { cause: error });
  }
}

function writeMessage(message: IppMessage): Buffer {
  const writer = new OctetWriter();
  const { major, minor } = message.version;
  for (const part of [major, minor]) if (!Number.isInteger(part) || part < 0 || part > 0xff) throw encodingError(`bad version ${major}.${minor}`);
  if (!Number.isInteger(message.code) || message.code < 0 || message.code > 0xffff) throw encodingError(`bad operation or status code ${message.code}`);
  writer.uint8(major);
  writer.uint8(minor);
  writer.uint16(message.code);
  writer.int32(checkInt32(message.requestId, "request-id"));
  for (const group of message.groups) {
    const isDelimiter = Number.isInteger(group.tag) && group.tag > 0x00 && group.tag < 0x10 && group.tag !== GroupTag.endOfAttributes;
    if (!isDelimiter) throw encodingError(`0x${group.tag.toString(16)} is not a group tag`);
    writer.uint8(group.tag);
    for (const attribute of group.attributes) writeAttribute(writer, attribute);
  }
  writer.uint8(GroupTag.endOfAttributes);
  return writer.result();
}
