// Turns the octets of one attribute value into an IppValue, checking fixed sizes and encodings.
// A table keyed by value tag: adding a syntax is adding a row, not another branch.
import { decodeDateTime, DATE_TIME_LENGTH } from "./date-time.js";
import { ValueTag, isOutOfBandTag } from "./tags.js";
import type { IppValue } from "./types.js";

/** Throws the caller's decode error; never returns. */
export type Fail = (reason: string) => never;

type ValueDecoder = (octets: Buffer, tag: number, fail: Fail) => IppValue;

/** Octet counts fixed by RFC 8010 §3.9 (begCollection carries its members after, not inside). */
const fixedLengths: ReadonlyMap<number, number> = new Map([
  [ValueTag.integer, 4],
  [ValueTag.enum, 4],
  [ValueTag.boolean, 1],
  [ValueTag.dateTime, DATE_TIME_LENGTH],
  [ValueTag.resolution, 9],
  [ValueTag.rangeOfInteger, 8],
  [ValueTag.begCollection, 0],
]);

const RESOLUTION_UNITS: ReadonlySet<number> = new Set([3, 4]); // dots per inch, dots per centimetre

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Visible US-ASCII without space: keywords, charsets, languages, URIs, names. */
export function isVisibleAscii(octets: Uint8Array): boolean {
  for (const octet of octets) if (octet < 0x21 || octet > 0x7e) return false;
  return true;
}

/** Printable US-ASCII with space: media types carry parameters ("text/plain; charset=utf-8"). */
function isPrintableAscii(octets: Uint8Array): boolean {
  for (const octet of octets) if (octet < 0x20 || octet > 0x7e) return false;
  return true;
}

function utf8String(octets: Buffer, fail: Fail): string {
  try {
    return utf8.decode(octets);
  } catch {
    return fail("text or name value is not valid UTF-8");
  }
}

function asciiString(check: (octets: Uint8Array) => boolean, what: string): ValueDecoder {
  return (octets, tag, fail) => {
    if (!check(octets)) fail(`${what} value contains octets outside printable US-ASCII`);
    return { tag, value: octets.toString("latin1") } as IppValue;
  };
}

const utf8Value: ValueDecoder = (octets, tag, fail) => ({ tag, value: utf8String(octets, fail) }) as IppValue;

/** textWithLanguage / nameWithLanguage: two inner length-prefixed strings that fill the value exactly. */
const withLanguage: ValueDecoder = (octets, tag, fail) => {
  if (octets.length < 4) fail("value with language is shorter than its two length fields");
  const languageLength = octets.readUInt16BE(0);
  const textLengthAt = 2 + languageLength;
  if (textLengthAt + 2 > octets.length) fail("language length runs past the value");
  const textLength = octets.readUInt16BE(textLengthAt);
  if (textLengthAt + 2 + textLength !== octets.length) fail("inner lengths of a value with language do not add up");
  const language = octets.subarray(2, textLengthAt);
  if (!isVisibleAscii(language)) fail("natural language contains octets outside printable US-ASCII");
  const text = utf8String(octets.subarray(textLengthAt + 2), fail);
  return { tag, value: { language: language.toString("latin1"), text } } as IppValue;
};

const decoders: ReadonlyMap<number, ValueDecoder> = new Map<number, ValueDecoder>([
  [ValueTag.integer, (octets) => ({ tag: ValueTag.integer, value: octets.readInt32BE(0) })],
  [ValueTag.enum, (octets) => ({ tag: ValueTag.enum, value: octets.readInt32BE(0) })],
  [
    ValueTag.boolean,
    (octets, _tag, fail) => {
      const octet = octets[0];
      if (octet !== 0 && octet !== 1) fail("boolean value is neither 0 nor 1");
      return { tag: ValueTag.boolean, value: octet === 1 };
    },
  ],
  [ValueTag.octetString, (octets) => ({ tag: ValueTag.octetString, value: Buffer.from(octets) })],
  [
    ValueTag.dateTime,
    (octets, _tag, fail) => {
      const value = decodeDateTime(octets) ?? fail("dateTime value has a field out of range");
      return { tag: ValueTag.dateTime, value, raw: Buffer.from(octets) };
    },
  ],
  [
    ValueTag.resolution,
    (octets, _tag, fail) => {
      const units = octets.readUInt8(8);
      if (!RESOLUTION_UNITS.has(units)) fail("resolution units are neither 3 (dpi) nor 4 (dpcm)");
      return { tag: ValueTag.resolution, value: { x: octets.readInt32BE(0), y: octets.readInt32BE(4), units } };
    },
  ],
  [
    ValueTag.rangeOfInteger,
    (octets) => ({ tag: ValueTag.rangeOfInteger, value: { lower: octets.readInt32BE(0), upper: octets.readInt32BE(4) } }),
  ],
  [ValueTag.begCollection, () => ({ tag: ValueTag.begCollection, value: [] })],
  [ValueTag.textWithLanguage, withLanguage],
  [ValueTag.nameWithLanguage, withLanguage],
  [ValueTag.textWithoutLanguage, utf8Value],
  [ValueTag.nameWithoutLanguage, utf8Value],
  [ValueTag.keyword, asciiString(isVisibleAscii, "keyword")],
  [ValueTag.uri, asciiString(isVisibleAscii, "uri")],
  [ValueTag.uriScheme, asciiString(isVisibleAscii, "uriScheme")],
  [ValueTag.charset, asciiString(isVisibleAscii, "charset")],
  [ValueTag.naturalLanguage, asciiString(isVisibleAscii, "naturalLanguage")],
  [ValueTag.mimeMediaType, asciiString(isPrintableAscii, "mimeMediaType")],
]);

/** The out-of-band values the shared types name; the other out-of-band tags are kept as raw. */
const namedOutOfBand: ReadonlySet<number> = new Set([ValueTag.unsupported, ValueTag.unknown, ValueTag.noValue]);

/**
 * Decodes one value. `tag` is a value tag other than memberAttrName, endCollection and extension,
 * which the structure decoder handles itself.
 */
export function decodeValue(tag: number, octets: Buffer, fail: Fail): IppValue {
  const fixedLength = fixedLengths.get(tag);
  if (fixedLength !== undefined && octets.length !== fixedLength) {
    fail(`value with tag 0x${tag.toString(16)} must be ${fixedLength} octets, not ${octets.length}`);
  }
  // Out-of-band values carry no data; like libcups we ignore any octets a sender puts there.
  if (namedOutOfBand.has(tag)) return { tag } as IppValue;
  if (isOutOfBandTag(tag)) return { tag, value: Buffer.alloc(0), unknownTag: true };
  const decoder = decoders.get(tag);
  if (decoder === undefined) return { tag, value: Buffer.from(octets), unknownTag: true };
  return decoder(octets, tag, fail);
}
