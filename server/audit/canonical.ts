// Canonical bytes of an audit entry's content: what the hash chain commits to, byte for byte.
//
// The encoding is RFC 8785 (JSON Canonicalization Scheme) restricted to values whose encoding no
// two implementations disagree on, so an auditor can recompute every hash with any JCS library
// (or, for keys inside the Basic Multilingual Plane, Python's
// json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)):
//
// - The content is the object {actor, at, details, seq, subject, type}; nothing else is hashed.
// - Object keys are sorted by UTF-16 code units (JCS §3.2.3), recursively; arrays keep their order.
//   No whitespace. Strings are escaped as JSON.stringify does, which is what JCS prescribes.
// - Numbers must be safe integers (|n| <= 2^53 - 1). Floats, NaN and Infinity are refused: audit
//   details are counts, sizes, ids and durations, and float formatting is where JCS libraries and
//   database JSON types (SQLite REAL, PostgreSQL numeric) disagree. -0 encodes as 0, as in JCS.
// - Strings are hashed as given, NOT Unicode-normalized: the log must prove what was recorded, and
//   normalizing would let an NFD string be swapped for its NFC twin without changing the hash.
//   Strings containing U+0000 or an unpaired surrogate are refused, because PostgreSQL cannot
//   store them and UTF-8 cannot carry them: such a row would come back different and fail
//   verification. Text from the network should pass through auditText() first.
// - `at` is encoded as "YYYY-MM-DDTHH:mm:ss.sssZ" (UTC, milliseconds), so years must be 0000-9999.
//   The store must keep milliseconds (PostgreSQL timestamp(3) or finer).
// - Only null, booleans, strings, safe integers, arrays and plain objects are accepted; undefined,
//   Dates, Buffers, class instances, holes in arrays and symbol keys are refused rather than
//   silently dropped or converted, since a silent conversion would not survive a round trip.
import { PrintvaktError } from "../../core/errors.js";
import type { AuditContent } from "./entry.js";

/** Deep enough for any detail we log; bounded so hostile nesting cannot exhaust the stack. */
const MAX_DEPTH = 32;

// With the u flag a well-formed surrogate pair is one code point, so \p{Cs} matches only unpaired halves.
const UNENCODABLE = /[\u0000\p{Cs}]/u;

/**
 * `text` with what canonical JSON refuses (U+0000, unpaired surrogates) shown as U+FFFD: for text
 * recorded as it arrived (a card reader's raw read), which must not make its entry unencodable.
 */
export function encodableText(text: string): string {
  return text.replace(new RegExp(UNENCODABLE.source, "gu"), "\uFFFD");
}

/** The canonical JSON text of a value, or a PrintvaktError naming the first part that cannot be encoded. */
export function canonicalJson(value: unknown): string {
  return encode(value, 0, "$");
}

/** The bytes that hashEntry() commits to. Fields other than the six content fields are ignored. */
export function canonicalContent(content: AuditContent): Buffer {
  if (!Number.isSafeInteger(content.seq) || content.seq < 1) refuse("seq", "must be a positive safe integer");
  if (typeof content.type !== "string" || content.type.length === 0) refuse("type", "must be a non-empty string");
  if (content.actor !== null && typeof content.actor !== "string") refuse("actor", "must be a string or null");
  if (content.subject !== null && typeof content.subject !== "string") refuse("subject", "must be a string or null");
  if (typeof content.details !== "object" || content.details === null || Array.isArray(content.details)) {
    refuse("details", "must be an object");
  }
  const text = canonicalJson({
    seq: content.seq,
    at: isoMillis(content.at),
    type: content.type,
    actor: content.actor,
    subject: content.subject,
    details: content.details,
  });
  return Buffer.from(text, "utf8");
}

/** A Date as "YYYY-MM-DDTHH:mm:ss.sssZ"; refuses invalid dates and years outside 0000-9999. */
export function isoMillis(at: Date): string {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) refuse("at", "must be a valid Date");
  const year = at.getUTCFullYear();
  // toISOString switches to a six-digit "+YYYYYY" form outside these years.
  if (year < 0 || year > 9999) refuse("at", "must lie in the years 0000-9999");
  return at.toISOString();
}

/**
 * Makes untrusted text (a claimed user name, a peer-supplied string) safe to put in the audit:
 * U+0000 and unpaired surrogates become U+FFFD, and the text is cut to maxLength UTF-16 code
 * units without splitting a surrogate pair. Cutting keeps a hostile client from bloating the log.
 */
export function auditText(value: string, maxLength = 256): string {
  let text = value.replace(/[\u0000\p{Cs}]/gu, "\uFFFD");
  if (text.length > maxLength) {
    const cut = /[\uD800-\uDBFF]/.test(text.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
    text = text.slice(0, cut);
  }
  return text;
}

function encode(value: unknown, depth: number, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isSafeInteger(value)) refuse(path, `is ${value}; only safe integers are allowed`);
      return String(value); // String(-0) is "0", as JCS wants.
    case "string":
      if (UNENCODABLE.test(value)) refuse(path, "contains U+0000 or an unpaired surrogate");
      return JSON.stringify(value);
    case "object":
      if (depth >= MAX_DEPTH) refuse(path, `is nested deeper than ${MAX_DEPTH} levels`);
      return Array.isArray(value) ? encodeArray(value, depth, path) : encodeObject(value, depth, path);
    default:
      return refuse(path, `is ${typeof value}, which JSON cannot carry`);
  }
}

function encodeArray(items: readonly unknown[], depth: number, path: string): string {
  const parts: string[] = [];
  // An index loop rather than map(): map() skips holes, which would then vanish from the output.
  for (let index = 0; index < items.length; index++) {
    if (!(index in items)) refuse(`${path}[${index}]`, "is a hole in the array");
    parts.push(encode(items[index], depth + 1, `${path}[${index}]`));
  }
  return `[${parts.join(",")}]`;
}

function encodeObject(object: object, depth: number, path: string): string {
  const prototype = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) refuse(path, "is not a plain object");
  if (Object.getOwnPropertySymbols(object).length > 0) refuse(path, "has symbol keys");
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units: exactly JCS.
  const keys = Object.keys(object).sort();
  const parts: string[] = [];
  for (const key of keys) {
    if (UNENCODABLE.test(key)) refuse(path, "has a key with U+0000 or an unpaired surrogate");
    const member = (object as Record<string, unknown>)[key];
    parts.push(`${JSON.stringify(key)}:${encode(member, depth + 1, `${path}.${key}`)}`);
  }
  return `{${parts.join(",")}}`;
}

function refuse(path: string, problem: string): never {
  // "internal": audit content is built by our own code, so content that cannot be encoded is a bug.
  throw new PrintvaktError("internal", `audit content ${path} ${problem}`);
}
