// The RFC 8010 tag octets: delimiter (group) tags and value tags, named once for the whole codec.

/** Delimiter tags that open an attribute group (0x00-0x0F, RFC 8010 §3.5.1, PWG 5100.22 for system). */
export const GroupTag = {
  operation: 0x01,
  job: 0x02,
  endOfAttributes: 0x03,
  printer: 0x04,
  unsupported: 0x05,
  subscription: 0x06,
  eventNotification: 0x07,
  resource: 0x08,
  document: 0x09,
  system: 0x0a,
} as const;

/** Value tags (RFC 8010 §3.5.2, RFC 3380, RFC 8010 §3.1.6 for collections). */
export const ValueTag = {
  unsupported: 0x10,
  default: 0x11,
  unknown: 0x12,
  noValue: 0x13,
  notSettable: 0x15,
  deleteAttribute: 0x16,
  adminDefine: 0x17,
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  octetString: 0x30,
  dateTime: 0x31,
  resolution: 0x32,
  rangeOfInteger: 0x33,
  begCollection: 0x34,
  textWithLanguage: 0x35,
  nameWithLanguage: 0x36,
  endCollection: 0x37,
  textWithoutLanguage: 0x41,
  nameWithoutLanguage: 0x42,
  keyword: 0x44,
  uri: 0x45,
  uriScheme: 0x46,
  charset: 0x47,
  naturalLanguage: 0x48,
  mimeMediaType: 0x49,
  memberAttrName: 0x4a,
  extension: 0x7f,
} as const;

/** Tags below this value are delimiters; from it on they are value tags. */
export const FIRST_VALUE_TAG = 0x10;

/** Out-of-band values (unsupported, unknown, no-value, ...) occupy 0x10-0x1F and carry no data. */
export function isOutOfBandTag(tag: number): boolean {
  return tag >= 0x10 && tag <= 0x1f;
}

/** String value tags whose value is a plain string in IppValue. */
export const STRING_VALUE_TAGS: ReadonlySet<number> = new Set([
  ValueTag.textWithoutLanguage,
  ValueTag.nameWithoutLanguage,
  ValueTag.keyword,
  ValueTag.uri,
  ValueTag.uriScheme,
  ValueTag.charset,
  ValueTag.naturalLanguage,
  ValueTag.mimeMediaType,
]);
