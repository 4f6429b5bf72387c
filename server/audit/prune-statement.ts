// Signed prune statements: "the log may start after entry throughSeq, which had hash throughHash".
//
// Where the log starts after pruning must be authorised by the checkpoint key, not by a row that
// anyone with SQL can write: otherwise an `audit.pruned` entry appended by hand (with the seq and
// hash of a real checkpoint) would excuse deleting every entry before it. The statement travels in
// the audit.pruned entry itself (keyId, signature), so an export alone lets an auditor check it.
//
// Signed bytes: "printvakt-audit-prune-v1\n" || canonical JSON of {at, keyId, throughHash, throughSeq},
// `at` being the audit.pruned entry's time. The prefix differs from a checkpoint's, so neither
// signature can stand in for the other.
import { sign, verify, type KeyObject } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";
import { canonicalJson, isoMillis } from "./canonical.js";
import { isHash } from "./chain.js";
import type { AuditEntry } from "./entry.js";

export interface PruneStatement {
  throughSeq: number;
  throughHash: string;
  at: Date;
  keyId: string;
  /** Base64 Ed25519 signature. */
  signature: string;
}

const PRUNE_PREFIX = "printvakt-audit-prune-v1\n";
const SIGNATURE_BYTES = 64;

export function signPruneStatement(key: { privateKey: KeyObject; keyId: string }, through: { seq: number; hash: string }, at: Date): PruneStatement {
  if (!Number.isSafeInteger(through.seq) || through.seq < 1 || !isHash(through.hash)) {
    throw new PrintvaktError("internal", "a prune statement needs a positive seq and a hex hash");
  }
  const unsigned = { throughSeq: through.seq, throughHash: through.hash, at: new Date(at.getTime()), keyId: key.keyId };
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), key.privateKey).toString("base64") };
}

/** The statement an audit.pruned entry carries, or undefined when a field is missing or of the wrong type. */
export function pruneStatementOf(entry: AuditEntry): PruneStatement | undefined {
  const { throughSeq, throughHash, keyId, signature } = entry.details;
  if (typeof throughSeq !== "number" || typeof throughHash !== "string" || typeof keyId !== "string" || typeof signature !== "string") return undefined;
  return { throughSeq, throughHash, keyId, signature, at: entry.at };
}

/** True when one of the keys (by keyId) signed exactly this statement. Never throws on a bad statement. */
export function verifyPruneStatement(statement: PruneStatement, keys: ReadonlyMap<string, KeyObject>): boolean {
  const key = keys.get(statement.keyId);
  if (key === undefined || !Number.isSafeInteger(statement.throughSeq) || !isHash(statement.throughHash)) return false;
  const signature = Buffer.from(statement.signature, "base64");
  if (signature.length !== SIGNATURE_BYTES || signature.toString("base64") !== statement.signature) return false;
  try {
    return verify(null, signedBytes(statement), key, signature);
  } catch {
    return false;
  }
}

function signedBytes(statement: { throughSeq: number; throughHash: string; at: Date; keyId: string }): Buffer {
  const body = canonicalJson({ at: isoMillis(statement.at), keyId: statement.keyId, throughHash: statement.throughHash, throughSeq: statement.throughSeq });
  return Buffer.from(PRUNE_PREFIX + body, "utf8");
}
