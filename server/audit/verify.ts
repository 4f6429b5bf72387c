// Verifies the audit log: recomputes every hash and link in one pass and checks it against the signed checkpoints.
//
// Entries are read as a stream and only the last one is remembered, so memory does not grow with
// the log; checkpoints are few and are held in memory. Checks run in seq order and stop at the
// first problem, which is what an incident report needs: "the log is intact up to entry N".
// Per entry the order is: link, then sequence, then hash. The link comes first so that a deleted
// entry reads as "broken link" at the entry after the hole rather than as a bare sequence gap.
//
// Coverage: the server signs a checkpoint once the oldest entry no checkpoint covers is one interval
// old (checkpointer.ts). So with `coverage` given, an entry older than that which no checkpoint
// covers is a failure: it is what deleting the checkpoint rows (and cutting the tail, or rewriting
// the chain behind them) leaves. An empty log is intact only while the database is that young.
//
// Limits, by design of hash chains: removing entries after the newest checkpoint cannot be told
// apart from those entries never having been written, and someone holding both the database and
// the checkpoint key can rewrite everything. Checkpoints copied off the server (witness files,
// exports: pass them in with the others) and a public key kept elsewhere close both gaps.
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
  | "prune statement invalid" // the log starts after seq 1, and the audit.pruned entry saying so was not signed with the checkpoint key
  | "not checkpointed within the interval" // an entry older than one checkpoint interval that no checkpoint covers: checkpoints were removed
  | "empty log older than the interval" // no entries at all, in a database older than one checkpoint interval
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
  /**
   * Demands that every entry older than `now - intervalMs - CHECKPOINT_SLACK_MS` is covered by a
   * checkpoint (the audit.checkpoint entry right after a checkpoint is exempt, as the checkpointer
   * never signs for it alone). `logCreatedAt` dates an empty log (when the database was created).
   */
  coverage?: { now: Date; intervalMs: number; logCreatedAt?: Date | null };
}

/**
 * Time allowed beyond the interval: the server looks for a due checkpoint once a tick (at most
 * 30 s, PRINTVAKT_RETENTION_TICK), and a busy tick may start late.
 */
export const CHECKPOINT_SLACK_MS = 2 * 60_000;

export type Failure = { ok: false; firstBad: { seq: number; reason: VerifyFailureReason } };

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
  // The newest point a checkpoint vouches for; if any of them fails, verification fails anyway.
  const coveredThrough = Math.max(options.startFrom?.seq ?? 0, pending.at(-1)?.seq ?? 0);
  // The checkpointer's own rule: the entry right after a checkpoint is its audit.checkpoint entry.
  const firstUncoveredSeq = coveredThrough === 0 ? 1 : coveredThrough + 2;
  let oldestUncovered: { seq: number; at: Date } | undefined;
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
    if (oldestUncovered === undefined && entry.seq >= firstUncoveredSeq) oldestUncovered = { seq: entry.seq, at: entry.at };
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
  if (options.coverage !== undefined) {
    const problem = uncoveredProblem(options.coverage, count, oldestUncovered);
    if (problem) return problem;
  }
  return { ok: true, entries: count, lastSeq, lastHash, checkpointsVerified };
}

function uncoveredProblem(coverage: NonNullable<VerifyOptions["coverage"]>, count: number, oldestUncovered: { seq: number; at: Date } | undefined): Failure | undefined {
  const deadline = coverage.now.getTime() - coverage.intervalMs - CHECKPOINT_SLACK_MS;
  if (oldestUncovered !== undefined && oldestUncovered.at.getTime() < deadline) return fail(oldestUncovered.seq, "not checkpointed within the interval");
  const createdAt = coverage.logCreatedAt;
  if (count === 0 && createdAt != null && createdAt.getTime() < deadline) return fail(1, "empty log older than the interval");
  return undefined;
}

/** The keys by keyId, as every signature check looks them up. */
export function keyRing(publicKey: CheckpointPublicKey | readonly CheckpointPublicKey[]): Map<string, KeyObject> {
  const list: readonly CheckpointPublicKey[] = Array.isArray(publicKey) ? publicKey : [publicKey as CheckpointPublicKey];
  return new Map(list.map((key) => [keyIdOf(key), toPublicKey(key)]));
}

export function fail(seq: number, reason: VerifyFailureReason): Failure {
  return { ok: false, firstBad: { seq, reason } };
}
