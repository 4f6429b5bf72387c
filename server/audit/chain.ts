// The hash chain: how an entry's hash is computed and how the next entry is linked to the last.
//
// hash = SHA-256( "printvakt-audit-entry-v1\n" || prevHash as 64 lowercase hex || "\n" || canonical content )
//
// Every part before the content has a fixed length, so no two (prevHash, content) pairs share
// their bytes, and an auditor can recompute a hash with shell tools:
//   { printf 'printvakt-audit-entry-v1\n%s\n' "$PREV"; printf '%s' "$CANONICAL_JSON"; } | sha256sum
// The "-v1" names this encoding; a future change of encoding gets a new prefix, never a silent change.
import { createHash } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";
import { canonicalContent, canonicalJson } from "./canonical.js";
import type { AuditContent, AuditEntry, AuditEvent, JsonValue } from "./entry.js";

/**
 * The prevHash of entry 1. Plain zeros so that an auditor recognises the start of a log at a
 * glance; the domain prefix in every hash already keeps Printvakt hashes apart from other chains.
 */
export const GENESIS_HASH = "0".repeat(64);

const ENTRY_PREFIX = "printvakt-audit-entry-v1\n";

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** True for a 64-character lowercase hex string, the only form hashes take in the log. */
export function isHash(value: unknown): value is string {
  return typeof value === "string" && HASH_PATTERN.test(value);
}

/** The hash of an entry with this content, linked to prevHash. Throws if the content cannot be encoded. */
export function hashEntry(content: AuditContent, prevHash: string): string {
  if (!isHash(prevHash)) throw new PrintvaktError("internal", "prevHash must be 64 lowercase hex characters");
  return createHash("sha256")
    .update(`${ENTRY_PREFIX}${prevHash}\n`, "utf8")
    .update(canonicalContent(content))
    .digest("hex");
}

/**
 * The entry that follows prev (or the first entry when prev is null). The returned entry holds its
 * own copies of `at` and `details`, exactly as hashed, so a caller that later mutates its objects
 * cannot make the stored entry disagree with its hash.
 */
export function nextEntry(prev: { seq: number; hash: string } | null, event: AuditEvent): AuditEntry {
  if (prev !== null && (!Number.isSafeInteger(prev.seq) || prev.seq < 1 || !isHash(prev.hash))) {
    throw new PrintvaktError("internal", "the previous audit entry must have a positive seq and a hex hash");
  }
  const seq = prev === null ? 1 : prev.seq + 1;
  const prevHash = prev === null ? GENESIS_HASH : prev.hash;
  const content: AuditContent = {
    seq,
    at: new Date(event.at instanceof Date ? event.at.getTime() : Number.NaN),
    type: event.type,
    actor: event.actor,
    subject: event.subject,
    details: event.details,
  };
  const hash = hashEntry(content, prevHash);
  // Parsing the canonical text gives a deep copy holding exactly what was hashed (-0 becomes 0).
  const details = JSON.parse(canonicalJson(event.details)) as Record<string, JsonValue>;
  return { ...content, details, prevHash, hash };
}
