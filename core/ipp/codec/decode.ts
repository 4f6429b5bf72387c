// The bounded IPP decoder: reads the attribute section of a message received from an untrusted peer.
//
// Design notes
// - One pass, one octet or more per loop turn, no recursion: collections use an explicit stack that
//   is never deeper than maxDepth, so the work is linear in the input and the call stack is flat.
// - Every length is unsigned 16-bit and is checked against maxValueLength before the octets are
//   awaited; the whole section is checked against maxHeaderBytes before it is awaited.
// - The document data after end-of-attributes (0x03) is never touched: bodyOffset says where it
//   starts, so the caller can stream it.
// - A buffer that ends early gives { kind: "incomplete", needed }, never an error: the caller
//   decides whether more octets can come (see read-header.ts).
// - Refused, unlike the `ipp` package: a repeated attribute name in one group or collection (it
//   keeps the last, so "requesting-user-name" alice-then-root reads root), values before any group,
//   out-of-order groups, malformed collections, wrong fixed sizes, non-ASCII keywords, bad UTF-8.
// - Envelope checks that need meaning (request-id >= 1, charset/natural-language/printer-uri first)
//   belong to the operation layer, which answers with the request's version and id.
import { IppDecodeError, type IppDecodeFailure } from "./decode-error.js";
import { NeedMoreOctets, OctetReader } from "./octet-reader.js";
import { FIRST_VALUE_TAG, GroupTag, ValueTag } from "./tags.js";
import { DEFAULT_IPP_DECODE_LIMITS, type IppAttribute, type IppDecodeLimits, type IppGroup, type IppMessage } from "./types.js";
import { decodeValue, isVisibleAscii } from "./value-decoders.js";
import { PrintvaktError } from "../../errors.js";

export type DecodeResult =
  | { kind: "complete"; message: IppMessage; bodyOffset: number }
  /** `needed`: the buffer length at which decoding can get further (a lower bound). */
  | { kind: "incomplete"; needed: number };

export interface IppDecodeOptions {
  /**
   * "request" (default) applies cupsd's group order: operation first, tags never decreasing, no
   * group twice except subscription templates. "response" allows the RFC 8011 response shape
   * (operation, unsupported, then any number of job/printer/... groups).
   */
  role?: "request" | "response";
}

/** Groups a request may repeat: Create-Printer-Subscriptions carries one per subscription. */
const REPEATABLE_REQUEST_GROUPS: ReadonlySet<number> = new Set([GroupTag.subscription]);

const SUPPORTED_MAJOR_VERSIONS: ReadonlySet<number> = new Set([1, 2]);

/** Merges partial limits over the defaults; a limit that is not a non-negative integer is a config error. */
export function resolveDecodeLimits(limits: Partial<IppDecodeLimits> = {}): IppDecodeLimits {
  const resolved: IppDecodeLimits = { ...DEFAULT_IPP_DECODE_LIMITS };
  for (const [key, value] of Object.entries(limits) as [keyof IppDecodeLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_IPP_DECODE_LIMITS)) throw new PrintvaktError("bad-config", `unknown IPP decode limit "${key}"`);
    if (!Number.isSafeInteger(value) || value < 0) throw new PrintvaktError("bad-config", `IPP decode limit ${key} must be a non-negative integer`);
    resolved[key] = value;
  }
  return resolved;
}

/** A group or a collection being filled: its attributes, their names, and the last one opened. */
interface Container {
  attributes: IppAttribute[];
  names: Set<string>;
  last: IppAttribute | undefined;
  /** Collections only: the member name read from memberAttrName, waiting for its first value. */
  pendingMember: string | undefined;
}

function newContainer(attributes: IppAttribute[]): Container {
  return { attributes, names: new Set(), last: undefined, pendingMember: undefined };
}

class MessageDecoder {
  readonly groups: IppGroup[] = [];
  #group: Container | undefined;
  readonly #collections: Container[] = [];
  #attributeCount = 0;
  #offset = 0;
  readonly #limits: IppDecodeLimits;
  readonly #role: "request" | "response";

  constructor(limits: IppDecodeLimits, role: "request" | "response") {
    this.#limits = limits;
    this.#role = role;
  }

  #fail(failure: IppDecodeFailure, message: string): never {
    throw new IppDecodeError(failure, message, this.#offset);
  }

  readonly malformed = (message: string): never => this.#fail("malformed", message);

  /** Reads one length field and refuses it before its octets are awaited when over the limit. */
  #readLength(reader: OctetReader, what: string): number {
    const length = reader.uint16();
    if (length > this.#limits.maxValueLength) {
      this.#fail("value-too-long", `${what} is ${length} octets, more than the limit of ${this.#limits.maxValueLength}`);
    }
    return length;
  }

  /** Decodes tags until end-of-attributes; returns the offset just after it. */
  readAttributeSection(reader: OctetReader): number {
    for (;;) {
      this.#offset = reader.position;
      const tag = reader.uint8();
      if (tag === GroupTag.endOfAttributes) {
        if (this.#collections.length > 0) this.malformed("end-of-attributes inside a collection");
        return reader.position;
      }
      if (tag < FIRST_VALUE_TAG) {
        this.#openGroup(tag);
        continue;
      }
      if (tag === ValueTag.extension) this.malformed("extension value tag 0x7f is not supported");
      const name = reader.take(this.#readLength(reader, "attribute name"));
      const value = reader.take(this.#readLength(reader, "attribute value"));
      if (this.#collections.length > 0) this.#collectionValue(tag, name, value);
      else this.#groupValue(tag, name, value);
    }
  }

  #openGroup(tag: number): void {
    if (this.#collections.length > 0) this.malformed("group tag inside a collection");
    if (tag === 0x00) this.malformed("reserved delimiter tag 0x00");
    const previous = this.groups.at(-1)?.tag;
    if (previous === undefined && tag !== GroupTag.operation) this.malformed("the operation attributes group must come first");
    if (previous !== undefined && tag === GroupTag.operation) this.malformed("operation attributes group appears twice");
    if (previous !== undefined && this.#role === "request") {
      if (tag < previous) this.malformed(`attribute groups out of order (0x${tag.toString(16)} after 0x${previous.toString(16)})`);
      if (tag === previous && !REPEATABLE_REQUEST_GROUPS.has(tag)) this.malformed(`attribute group 0x${tag.toString(16)} appears twice`);
    }
    const group: IppGroup = { tag, attributes: [] };
    this.groups.push(group);
    this.#group = newContainer(group.attributes);
  }

  #groupValue(tag: number, name: Buffer, value: Buffer): void {
    const group = this.#group ?? this.malformed("attribute before any group tag");
    if (tag === ValueTag.memberAttrName || tag === ValueTag.endCollection) {
      this.malformed("memberAttrName or endCollection outside a collection");
    }
    const attribute =
      name.length > 0 ? this.#newAttribute(group, this.#attributeName(name)) : (group.last ?? this.malformed("additional value without a named attribute before it"));
    this.#appendValue(attribute, tag, value);
  }

  #collectionValue(tag: number, name: Buffer, value: Buffer): void {
    const collection = this.#collections.at(-1) as Container;
    if (name.length > 0) this.malformed("named attribute inside a collection (members are named by memberAttrName)");
    if (tag === ValueTag.memberAttrName) {
      if (collection.pendingMember !== undefined) this.malformed("memberAttrName without a value");
      const memberName = this.#attributeName(value);
      if (collection.names.has(memberName)) this.#fail("duplicate-attribute", "a collection member appears twice");
      collection.pendingMember = memberName;
      return;
    }
    if (tag === ValueTag.endCollection) {
      if (collection.pendingMember !== undefined) this.malformed("memberAttrName without a value");
      if (value.length > 0) this.malformed("endCollection carries a value");
      this.#collections.pop();
      return;
    }
    let member = collection.last;
    if (collection.pendingMember !== undefined) {
      member = this.#newAttribute(collection, collection.pendingMember);
      collection.pendingMember = undefined;
    }
    this.#appendValue(member ?? this.malformed("collection value without memberAttrName"), tag, value);
  }

  #attributeName(octets: Buffer): string {
    if (octets.length === 0) this.malformed("empty attribute name");
    if (!isVisibleAscii(octets)) this.malformed("attribute name contains octets outside printable US-ASCII");
    return octets.toString("latin1");
  }

  #newAttribute(container: Container, name: string): IppAttribute {
    if (container.names.has(name)) this.#fail("duplicate-attribute", "an attribute appears twice in one group or collection");
    this.#attributeCount += 1;
    if (this.#attributeCount > this.#limits.maxAttributes) {
      this.#fail("too-many-attributes", `more than ${this.#limits.maxAttributes} attributes`);
    }
    const attribute: IppAttribute = { name, values: [] };
    container.names.add(name);
    container.attributes.push(attribute);
    container.last = attribute;
    return attribute;
  }

  #appendValue(attribute: IppAttribute, tag: number, octets: Buffer): void {
    if (attribute.values.length >= this.#limits.maxValuesPerAttribute) {
      this.#fail("too-many-values", `an attribute has more than ${this.#limits.maxValuesPerAttribute} values`);
    }
    const value = decodeValue(tag, octets, this.malformed);
    attribute.values.push(value);
    if (value.tag === ValueTag.begCollection && !("unknownTag" in value)) {
      if (this.#collections.length >= this.#limits.maxDepth) this.#fail("too-deep", `collections nested deeper than ${this.#limits.maxDepth}`);
      this.#collections.push(newContainer(value.value as IppAttribute[]));
    }
  }
}

/**
 * Decodes the attribute section at the start of `buffer`. Throws IppDecodeError for malformed or
 * over-limit input; returns "incomplete" when the buffer ends first and the limit is not reached.
 */
export function decodeIppMessage(buffer: Buffer, limits?: Partial<IppDecodeLimits>, options: IppDecodeOptions = {}): DecodeResult {
  const resolved = resolveDecodeLimits(limits);
  const reader = new OctetReader(buffer, resolved.maxHeaderBytes);
  const decoder = new MessageDecoder(resolved, options.role ?? "request");
  try {
    const major = reader.uint8();
    if (!SUPPORTED_MAJOR_VERSIONS.has(major)) {
      throw new IppDecodeError("version-not-supported", `IPP version ${major}.x is not supported (1.x and 2.x are)`, 0);
    }
    const minor = reader.uint8();
    const code = reader.uint16();
    const requestId = reader.int32();
    const bodyOffset = decoder.readAttributeSection(reader);
    const message: IppMessage = { version: { major, minor }, code, requestId, groups: decoder.groups };
    return { kind: "complete", message, bodyOffset };
  } catch (error) {
    if (error instanceof NeedMoreOctets) return { kind: "incomplete", needed: error.needed };
    throw error;
  }
}
