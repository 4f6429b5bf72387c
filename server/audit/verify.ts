// Verifies the audit log: recomputes every hash and link in one pass and checks it against the signed checkpoints.
//
// Entries are read as a stream and only the last one is remembered, so memory does not grow with
// the log; checkpoints are few and are held in memory. Checks run in seq order and stop at the
// first problem, which is what an incident report needs: "the log is intact up to entry N".
// Per entry the order is: link, then sequence, then hash. The link comes first so that a deleted
// entry reads as "broken link" at the entry after the hole rather than as a bare sequence gap.
//
// Limits, by design of hash chains: removing entries after the newest checkpoint cannot be told
// apart from those entries never having been written, and someone holding both the database and
// the checkpoint key can rewrite everything. Checkpoints copied off the server close both gaps.
import type { KeyObject } from "node:crypto";
import { GENESIS_HASH, hashEntry, isHash } from "./chain.js";
import { verifyCheckpoint, type Checkpoint } from "./checkpoint.js";
import type { AuditEntry } from "./entry.js";
import { keyIdOf, toPublicKey, type CheckpointPublicKey } from "./public-key.js";

export type VerifyFailureReason =
  | "malformed entry" // a row the canonical encoding refuses (a field of the wrong type, a float in details, ...)
  | "hash mismatch" // the content no longer matches its hash: it was changed
  | "broken link" // prevHash is not the previous entry's hash: an entry was deleted, inserted or reordered
  | "sequence gap" // seq skips numbers although the link holds
  | "sequence out of order" // seq repeats or goes back although the link holds
  | "checkpoint signature invalid" // forged, altered, or signed by a key we were not given
  | "checkpoint does not match entry" // the entry at the checkpoint's seq has another hash: the chain was rewritten
  | "start point not checkpointed" // startFrom is not vouched for by a signed checkpoint
  | `log ends before checkpoint ${number}`; // the tail was cut off after that checkpoint was taken

export type VerifyResult =
  | { ok: true; entries: number; lastSeq: number; lastHash: string; checkpointsVerified: number }
  | { ok: false; firstBad: { seq: number; reason: VerifyFailureReason } };

export interface VerifyOptions {
  /**
   * After retention pruning: the seq and hash of the last pruned entry. A signed checkpoint with
   * exactly this seq and hash must be among the checkpoints, and the first remaining entry must
   * link to it. Without startFrom the log must start at seq 1 from GENESIS_HASH.
   */
  startFrom?: { seq: number; hash: string };
}

type Failure = { ok: false; firstBad: { seq: number; reason: VerifyFailureReason } };

/**
 * Verifies entries (in seq order, as the store reads them) against the checkpoints. publicKey may
 * be a list, so checkpoints signed before a key rotation still verify; each checkpoint is checked
 * with the key its keyId names, and a checkpoint whose key is not given counts as invalid.
 */
export async function verifyChain(
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>,
  checkpoints: readonly Checkpoint[],
  publicKey: CheckpointPublicKey | readonly CheckpointPublicKey[],
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const keys = keyRing(publicKey);
  // A checkpoint without an integer seq cannot be placed in the log, let alone have been signed by us; 0 says "before any entry".
  const malformed = checkpoints.find((checkpoint) => !Number.isSafeInteger(checkpoint.seq));
  if (malformed !== undefined) return fail(0, "checkpoint signature invalid");
  const pending = [...checkpoints].sort((a, b) => a.seq - b.seq);
  let nextCheckpoint = 0;
  let checkpointsVerified = 0;

  /** Checks every checkpoint up to seq; those at seq must vouch for hash, those before it are signature-checked only. */
  function settleCheckpoints(seq: number, hash: string): Failure | undefined {
    for (; nextCheckpoint < pending.length && pending[nextCheckpoint]!.seq <= seq; nextCheckpoint++) {
      const checkpoint = pending[nextCheckpoint]!;
      const key = keys.get(checkpoint.keyId);
      if (key === undefined || !verifyCheckpoint(checkpoint, key)) return fail(checkpoint.seq, "checkpoint signature invalid");
      if (checkpoint.seq < seq) continue;
      if (checkpoint.hash !== hash) return fail(checkpoint.seq, "checkpoint does not match entry");
      checkpointsVerified++;
    }
    return undefined;
  }

  const start = options.startFrom ?? { seq: 0, hash: GENESIS_HASH };
  let lastSeq = start.seq;
  let lastHash = start.hash;
  if (options.startFrom !== undefined) {
    if (!Number.isSafeInteger(start.seq) || start.seq < 1 || !isHash(start.hash)) return fail(0, "start point not checkpointed");
    const before = checkpointsVerified;
    const problem = settleCheckpoints(start.seq, start.hash);
    if (problem) return problem;
    if (checkpointsVerified === before) return fail(start.seq, "start point not checkpointed");
  }

  let count = 0;
  for await (const entry of entries) {
    if (typeof entry !== "object" || entry === null || !Number.isSafeInteger(entry.seq)) return fail(lastSeq + 1, "malformed entry");
    if (entry.prevHash !== lastHash) return fail(entry.seq, "broken link");
    if (entry.seq <= lastSeq) return fail(entry.seq, "sequence out of order");
    if (entry.seq > lastSeq + 1) return fail(entry.seq, "sequence gap");
    let computed: string;
    try {
      computed = hashEntry(entry, entry.prevHash);
    } catch {
      return fail(entry.seq, "malformed entry");
    }
    if (computed !== entry.hash) return fail(entry.seq, "hash mismatch");
    lastSeq = entry.seq;
    lastHash = entry.hash;
    count++;
    const problem = settleCheckpoints(lastSeq, lastHash);
    if (problem) return problem;
  }

  // Whatever is still pending lies beyond the last entry: a checkpoint vouched for entries that are gone.
  const beyond = pending[nextCheckpoint];
  if (beyond !== undefined) {
    const key = keys.get(beyond.keyId);
    if (key === undefined || !verifyCheckpoint(beyond, key)) return fail(beyond.seq, "checkpoint signature invalid");
    return fail(lastSeq + 1, `log ends before checkpoint ${beyond.seq}`);
  }
  return { ok: true, entries: count, lastSeq, lastHash, checkpointsVerified };
}

function keyRing(publicKey: CheckpointPublicKey | readonly CheckpointPublicKey[]): Map<string, KeyObject> {
  const list: readonly CheckpointPublicKey[] = Array.isArray(publicKey) ? publicKey : [publicKey as CheckpointPublicKey];
  return new Map(list.map((key) => [keyIdOf(key), toPublicKey(key)]));
}

function fail(seq: number, reason: VerifyFailureReason): Failure {
  return { ok: false, firstBad: { seq, reason } };
}
