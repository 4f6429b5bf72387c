// Builds raw IPP octets field by field, malformed ones included, for tests and the fuzz campaign.
import { GroupTag, ValueTag } from "../../../core/ipp/codec/tags.js";

export function uint16(value: number): Buffer {
  const octets = Buffer.alloc(2);
  octets.writeUInt16BE(value);
  return octets;
}

export function int32(value: number): Buffer {
  const octets = Buffer.alloc(4);
  octets.writeInt32BE(value);
  return octets;
}

/** Concatenates parts; a number is one octet, a string its UTF-8 octets. */
export function wire(...parts: ReadonlyArray<Buffer | number | string>): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === "number" ? Buffer.of(part) : typeof part === "string" ? Buffer.from(part, "utf8") : part)));
}

/** version-number, operation-id (or status-code) and request-id: the first 8 octets. */
export function envelope(fields: { major?: number; minor?: number; code?: number; requestId?: number } = {}): Buffer {
  return wire(fields.major ?? 2, fields.minor ?? 0, uint16(fields.code ?? 0x0002), int32(fields.requestId ?? 1));
}

/** One value field: tag, name length, name, value length, value (lengths as given by the octets). */
export function field(tag: number, name: Buffer | string, value: Buffer | string = Buffer.alloc(0)): Buffer {
  const nameOctets = typeof name === "string" ? Buffer.from(name, "utf8") : name;
  const valueOctets = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  return wire(tag, uint16(nameOctets.length), nameOctets, uint16(valueOctets.length), valueOctets);
}

/** The operation attributes every request starts with. */
export function operationPreamble(): Buffer {
  return wire(
    GroupTag.operation,
    field(ValueTag.charset, "attributes-charset", "utf-8"),
    field(ValueTag.naturalLanguage, "attributes-natural-language", "en"),
    field(ValueTag.uri, "printer-uri", "ipp://localhost/ipp/print"),
  );
}

/** A request: envelope, operation preamble, the given fields, end-of-attributes. */
export function request(...fields: ReadonlyArray<Buffer | number>): Buffer {
  return wire(envelope(), operationPreamble(), ...fields, GroupTag.endOfAttributes);
}

/** Attribute `name` holding `depth` collections nested inside each other, each with one member. */
export function nestedCollections(depth: number, name = "nest"): Buffer {
  const parts: Buffer[] = [field(ValueTag.begCollection, name)];
  for (let level = 1; level < depth; level += 1) {
    parts.push(field(ValueTag.memberAttrName, "", "inner"), field(ValueTag.begCollection, ""));
  }
  const closing = field(ValueTag.endCollection, "");
  for (let level = 0; level < depth; level += 1) parts.push(closing);
  return Buffer.concat(parts);
}
