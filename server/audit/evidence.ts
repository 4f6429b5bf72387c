// Signed evidence of one job's or one person's audit entries, checkable offline with the public key.
//
// A job's or a person's entries are scattered through the log, so the chain links between them
// cannot be checked from the entries alone. The evidence therefore carries, signed with the
// checkpoint key, a statement naming exactly which entries were selected: their (seq, hash) pairs,
// the selection, and the signed checkpoint they lie under. Each row's hash is recomputed from its
// content and prevHash (chain.ts), so a row altered in any field no longer matches the pair the
// statement names; a row added or left out changes the list. The checkpoint ties the pairs to the
// whole log as it stood: `audit verify` of a full export finds each pair there.
//
// Signed bytes: "printvakt-audit-evidence-v1\n" || canonical JSON of
// {at, checkpointHash, checkpointSeq, entries: [{hash, seq}...], keyId, selection}. The prefix
// differs from a checkpoint's and a prune statement's, so no signature can stand in for another.
import { sign, verify, type KeyObject } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";
import { canonicalJson, isoMillis } from "./canonical.js";
import { hashEntry, isHash } from "./chain.js";
import { verifyCheckpoint, type Checkpoint } from "./checkpoint.js";
import type { AuditEntry, JsonValue } from "./entry.js";
import { jsonlRow } from "./export.js";
import { keyIdOf, toPublicKey, type CheckpointPublicKey } from "./public-key.js";

export const EVIDENCE_FORMAT = "printvakt-audit-evidence-v1";
const STATEMENT_PREFIX = `${EVIDENCE_FORMAT}\n`;
const SIGNATURE_BYTES = 64;

export type EvidenceSelection = { job: number } | { person: string };

interface Statement {
  at: string;
  keyId: string;
  selection: EvidenceSelection;
  checkpointSeq: number;
  checkpointHash: string;
  entries: { seq: number; hash: string }[];
}

export interface EvidenceFile {
  format: typeof EVIDENCE_FORMAT;
  selection: EvidenceSelection;
  /** The selected entries as JSONL export rows, in seq order. */
  entries: Record<string, JsonValue>[];
  checkpoint: { seq: number; hash: string; at: string; keyId: string; signature: string };
  statement: Statement & { signature: string };
}

/** True when the entry belongs to the selection: the job's own entries, or what the person did, what was about them and about their jobs. */
export function inSelection(selection: EvidenceSelection, entry: { actor: string | null; subject: string | null; details: Record<string, unknown> }): boolean {
  if ("job" in selection) return entry.subject === `job:${selection.job}`;
  const user = `user:${selection.person}`;
  return entry.actor === user || entry.subject === user || entry.details.owner === selection.person;
}

export function signEvidence(key: { privateKey: KeyObject; keyId: string }, selection: EvidenceSelection, entries: readonly AuditEntry[], checkpoint: Checkpoint, at: Date): EvidenceFile {
  if (entries.some((entry) => entry.seq > checkpoint.seq)) throw new PrintvaktError("internal", "evidence reaches only up to its checkpoint");
  const statement: Statement = {
    at: isoMillis(at),
    keyId: key.keyId,
    selection,
    checkpointSeq: checkpoint.seq,
    checkpointHash: checkpoint.hash,
    entries: entries.map((entry) => ({ seq: entry.seq, hash: entry.hash })),
  };
  const signature = sign(null, statementBytes(statement), key.privateKey).toString("base64");
  return {
    format: EVIDENCE_FORMAT,
    selection,
    entries: entries.map(jsonlRow),
    checkpoint: { seq: checkpoint.seq, hash: checkpoint.hash, at: isoMillis(checkpoint.at), keyId: checkpoint.keyId, signature: checkpoint.signature },
    statement: { ...statement, signature },
  };
}

export type EvidenceCheck = { ok: true; entries: number; checkpointSeq: number; selection: EvidenceSelection; keyId: string } | { ok: false; reason: string };

/**
 * The exact fields of each part of an evidence file. Anything more is refused: a field the hashes
 * and signatures do not cover (a "title" added to a row, a note on the statement) would otherwise
 * ride along in a file that verifies (security review of 2026-12-06, F4).
 */
const FILE_FIELDS = ["checkpoint", "entries", "format", "selection", "statement"];
const CHECKPOINT_FIELDS = ["at", "hash", "keyId", "seq", "signature"];
const STATEMENT_FIELDS = ["at", "checkpointHash", "checkpointSeq", "entries", "keyId", "selection", "signature"];
const NAMED_ENTRY_FIELDS = ["hash", "seq"];
const ROW_FIELDS = ["actor", "at", "details", "hash", "prevHash", "seq", "subject", "type"];

/** A plain object (not null, not an array) with exactly these fields. */
function hasExactly(value: unknown, fields: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  return keys.length === fields.length && keys.every((key, index) => key === fields[index]);
}

/** Checks an evidence file (parsed JSON) against the public keys an auditor holds. Never throws on bad evidence. */
export function verifyEvidence(evidence: unknown, publicKeys: readonly CheckpointPublicKey[]): EvidenceCheck {
  const file = evidence as EvidenceFile;
  if (typeof file !== "object" || file === null || file.format !== EVIDENCE_FORMAT) return bad(`not ${EVIDENCE_FORMAT} evidence`);
  if (!hasExactly(file, FILE_FIELDS)) return bad("the evidence has fields its signatures do not cover, or lacks some");
  const { statement, checkpoint, entries, selection } = file;
  if (!hasExactly(statement, STATEMENT_FIELDS) || !hasExactly(checkpoint, CHECKPOINT_FIELDS) || !Array.isArray(entries) || !Array.isArray(statement.entries)) return bad("the evidence is incomplete, or has fields its signatures do not cover");
  if (!statement.entries.every((named) => hasExactly(named, NAMED_ENTRY_FIELDS))) return bad("the statement names its rows with fields its signature does not cover");
  const badRow = entries.findIndex((row) => !hasExactly(row, ROW_FIELDS));
  if (badRow >= 0) return bad(`row ${badRow + 1} is not an audit entry: it lacks fields or has fields its hash does not cover`);
  const key = publicKeys.map((candidate) => toPublicKey(candidate)).find((candidate) => keyIdOf(candidate) === statement.keyId);
  if (key === undefined) return bad(`signed by key ${String(statement.keyId)}, which is not among the public keys given`);
  const signedCheckpoint = { ...checkpoint, at: new Date(checkpoint.at) };
  if (!verifyCheckpoint(signedCheckpoint, key)) return bad("checkpoint signature invalid");
  if (!validSignature(statement, key)) return bad("evidence statement signature invalid");
  if (canonicalJson(selection) !== canonicalJson(statement.selection)) return bad("the selection is not the one the statement names");
  if (statement.checkpointSeq !== checkpoint.seq || statement.checkpointHash !== checkpoint.hash) return bad("the statement names another checkpoint");
  if (entries.length !== statement.entries.length) return bad(`${entries.length} rows, but the statement names ${statement.entries.length}: rows were added or removed`);
  for (const [index, row] of entries.entries()) {
    const problem = rowProblem(row, statement.entries[index]!, selection, checkpoint);
    if (problem !== undefined) return bad(`row ${index + 1} (seq ${String(row.seq)}): ${problem}`);
  }
  return { ok: true, entries: entries.length, checkpointSeq: checkpoint.seq, selection, keyId: statement.keyId };
}

function rowProblem(row: Record<string, JsonValue>, named: { seq: number; hash: string }, selection: EvidenceSelection, checkpoint: { seq: number; hash: string }): string | undefined {
  // Types are checked by the encoding itself: canonicalContent refuses a field of the wrong type.
  const { seq, at, type, actor, subject, details, prevHash, hash } = row as unknown as Omit<AuditEntry, "at"> & { at: unknown };
  if (seq !== named.seq || hash !== named.hash) return "not the entry the statement names";
  if (typeof at !== "string" || !isHash(prevHash) || typeof details !== "object" || details === null) return "malformed row";
  const time = new Date(at);
  let recomputed: string;
  try {
    if (isoMillis(time) !== at) return "malformed time";
    recomputed = hashEntry({ seq, at: time, type, actor, subject, details }, prevHash);
  } catch {
    return "malformed row";
  }
  if (recomputed !== hash) return "altered: its content no longer matches its hash";
  if (seq > checkpoint.seq || (seq === checkpoint.seq && hash !== checkpoint.hash)) return "not covered by the checkpoint";
  if (!inSelection(selection, { actor, subject, details })) return "does not belong to the selection";
  return undefined;
}

function validSignature(statement: Statement & { signature: string }, key: KeyObject): boolean {
  const signature = Buffer.from(String(statement.signature), "base64");
  if (signature.length !== SIGNATURE_BYTES || signature.toString("base64") !== statement.signature) return false;
  try {
    const { signature: _signature, ...unsigned } = statement;
    return verify(null, statementBytes(unsigned), key, signature);
  } catch {
    return false;
  }
}

function statementBytes(statement: Statement): Buffer {
  const body = canonicalJson({
    at: statement.at,
    checkpointHash: statement.checkpointHash,
    checkpointSeq: statement.checkpointSeq,
    entries: statement.entries.map((entry) => ({ hash: entry.hash, seq: entry.seq })),
    keyId: statement.keyId,
    selection: statement.selection,
  });
  return Buffer.from(STATEMENT_PREFIX + body, "utf8");
}

function bad(reason: string): EvidenceCheck {
  return { ok: false, reason };
}
