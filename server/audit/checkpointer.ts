// Takes signed checkpoints of the audit log: on demand, and when new entries have waited long enough.
//
// A checkpoint signs the newest entry *before* its own audit.checkpoint entry. Signing, saving the
// checkpoint and appending audit.checkpoint happen in one transaction, so that entry always comes
// right after the entry it vouches for, and the next checkpoint covers it. The entry repeats the
// whole checkpoint (its `at` is the checkpoint's time), so an export alone lets an auditor check
// the signatures too.
//
// "The log grew" therefore means: some entry follows the last checkpoint's own audit.checkpoint
// entry. Without that rule an idle server would sign its own previous audit.checkpoint entry every
// interval, forever. "Due" is measured from the oldest entry no checkpoint covers, not from a timer
// started with the process: a server restarted more often than the interval still checkpoints,
// and an idle one writes nothing at all.
import type { KeyObject } from "node:crypto";
import { appendAudit, auditEntryAfter, lastAuditEntry, lastCheckpoint, saveCheckpoint } from "../store/audit-log.js";
import type { Database, Reader } from "../store/database.js";
import { signCheckpoint, type Checkpoint } from "./checkpoint.js";

export interface SigningKey {
  privateKey: KeyObject;
  keyId: string;
}

/**
 * Signs the newest entry and records audit.checkpoint after it. Returns null when the log is
 * empty or its newest entry is already checkpointed (a checkpoint's seq is unique).
 */
export async function takeCheckpoint(db: Database, key: SigningKey, actor: string, now = new Date()): Promise<Checkpoint | null> {
  return db.write(async (tx) => {
    const head = await lastAuditEntry(tx);
    if (head === null) return null;
    const previous = await lastCheckpoint(tx);
    if (previous !== null && previous.seq >= head.seq) return null;
    const checkpoint = signCheckpoint(key, head, now);
    await saveCheckpoint(tx, checkpoint);
    await appendAudit(tx, { type: "audit.checkpoint", actor, subject: null, at: now, details: { seq: checkpoint.seq, hash: checkpoint.hash, keyId: checkpoint.keyId, signature: checkpoint.signature } });
    return checkpoint;
  });
}

/** True when an entry written after the last checkpoint (and its own entry) is at least intervalMs old. */
export async function isCheckpointDue(db: Reader, intervalMs: number, now = new Date()): Promise<boolean> {
  const previous = await lastCheckpoint(db);
  const oldestUnsigned = await auditEntryAfter(db, previous === null ? 0 : previous.seq + 1);
  return oldestUnsigned !== null && now.getTime() - oldestUnsigned.at.getTime() >= intervalMs;
}

/** The periodic step: a checkpoint by "system" when one is due, otherwise nothing. */
export async function checkpointIfDue(db: Database, key: SigningKey, intervalMs: number, now = new Date()): Promise<Checkpoint | null> {
  if (!(await isCheckpointDue(db, intervalMs, now))) return null;
  return takeCheckpoint(db, key, "system", now);
}
