// The in-memory shape of an IPP message, shared by the bounded decoder, the encoder, the
// operations and the printer drivers. Every value carries its own value tag so that encoding never
// has to guess (the `ipp` package guesses from a name table and throws on names it does not know).

export interface IppVersion {
  major: number;
  minor: number;
}

export interface IppResolution {
  x: number;
  y: number;
  /** 3 = dots per inch, 4 = dots per centimetre (RFC 8011 §5.1.16). */
  units: number;
}

export interface IppRange {
  lower: number;
  upper: number;
}

export interface IppTextWithLanguage {
  language: string;
  text: string;
}

/** One value of an attribute. `tag` is the RFC 8010 value tag (0x21 integer, 0x44 keyword, ...). */
export type IppValue =
  | { tag: 0x10 | 0x12 | 0x13 } // unsupported, unknown, no-value (out-of-band)
  | { tag: 0x21 | 0x23; value: number } // integer, enum
  | { tag: 0x22; value: boolean }
  | { tag: 0x30; value: Buffer } // octetString
  | { tag: 0x31; value: Date; raw?: Buffer } // dateTime (raw keeps the 11 octets as received)
  | { tag: 0x32; value: IppResolution }
  | { tag: 0x33; value: IppRange }
  | { tag: 0x34; value: IppAttribute[] } // begCollection: member attributes in order
  | { tag: 0x35 | 0x36; value: IppTextWithLanguage }
  | { tag: 0x41 | 0x42 | 0x44 | 0x45 | 0x46 | 0x47 | 0x48 | 0x49; value: string } // text, name, keyword, uri, uriScheme, charset, naturalLanguage, mimeMediaType
  | { tag: number; value: Buffer; unknownTag: true }; // any other tag, kept as raw octets

export interface IppAttribute {
  name: string;
  values: IppValue[];
}

export interface IppGroup {
  /** Delimiter tag: 0x01 operation, 0x02 job, 0x04 printer, 0x05 unsupported, 0x06 subscription, 0x07 event-notification, 0x09 document, ... */
  tag: number;
  attributes: IppAttribute[];
}

export interface IppMessage {
  version: IppVersion;
  /** operation-id in a request, status-code in a response. */
  code: number;
  requestId: number;
  groups: IppGroup[];
}

/** Hard limits for decoding untrusted input. */
export interface IppDecodeLimits {
  /** Largest attribute section (everything before the document data), in octets. Default 1 MiB. */
  maxHeaderBytes: number;
  /** Deepest collection nesting. Default 10 (as cupsd). */
  maxDepth: number;
  /** Longest single value, in octets. Default 32,767 (as cupsd). */
  maxValueLength: number;
  /** Most attributes in the whole message, counting collection members. */
  maxAttributes: number;
  /** Most values in one attribute. */
  maxValuesPerAttribute: number;
}

export const DEFAULT_IPP_DECODE_LIMITS: Readonly<IppDecodeLimits> = Object.freeze({
  maxHeaderBytes: 1024 * 1024,
  maxDepth: 10,
  maxValueLength: 32_767,
  maxAttributes: 4_096,
  maxValuesPerAttribute: 1_024,
});
