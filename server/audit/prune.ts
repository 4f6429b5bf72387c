// Audit retention: removes entries older than PRINTVAKT_AUDIT_RETENTION, but only up to a signed
// checkpoint, so that what remains still verifies from a point someone vouched for.
//
// Pruning runs only from `printvakt audit prune --confirm`, never on a timer: destroying audit
// evidence should be a deliberate act of a named operator, and a mistyped setting ("5d" for "5y")
// must not quietly remove years of history. Without --confirm the command only shows the plan.
//
// The cut is the newest checkpoint C such that every entry up to C.seq is older than the cutoff.
// In one transaction: the prune window opens for seq <= C.seq, those entries are deleted, the
// window closes, and audit.pruned records {throughSeq, throughHash, entries, olderThan} with a prune
// statement for C signed by the checkpoint key (keyId, signature; see prune-statement.ts). From then
// on verification starts from C (see audit-service.ts pruneStartPoint). The whole log is verified
// first, and nothing is pruned from a log that does not verify: that would destroy the evidence.
import { PrintvaktError } from "../../core/errors.js";
import { appendAudit, auditEntryAfter, deleteAuditThrough, findAuditEntry, firstSeqSince, lastAuditEntry, lastCheckpointBefore } from "../store/audit-log.js";
import type { Database } from "../store/database.js";
import { verifyAuditLog, type VerifyAuditOptions } from "./audit-service.js";
import { isoMillis } from "./canonical.js";
import type { Checkpoint, CheckpointKey } from "./checkpoint.js";
import { signPruneStatement } from "./prune-statement.js";

export interface PrunePlan {
  olderThan: Date;
  /** The checkpoint the log will start after, or null when there is nothing to prune. */
  through: Checkpoint | null;
  /** The first entry that would go, when through is set. */
  firstSeq: number | null;
}

export async function planAuditPrune(db: Database, retentionMs: number, now = new Date()): Promise<PrunePlan> {
  const olderThan = new Date(now.getTime() - retentionMs);
  // Clocks can step back, so "older" is decided by seq: everything before the first recent entry.
  const firstRecent = await firstSeqSince(db, olderThan);
  const head = await lastAuditEntry(db);
  const first = await auditEntryAfter(db, 0);
  if (head === null || first === null) return { olderThan, through: null, firstSeq: null };
  const through = await lastCheckpointBefore(db, firstRecent ?? head.seq + 1);
  if (through === null || through.seq < first.seq) return { olderThan, through: null, firstSeq: null };
  return { olderThan, through, firstSeq: first.seq };
}

/** Carries out a plan made by planAuditPrune. Returns the number of entries removed. */
export async function pruneAudit(db: Database, plan: PrunePlan, key: CheckpointKey, actor: string, verifyOptions: VerifyAuditOptions = {}): Promise<number> {
  const through = plan.through;
  if (through === null) return 0;
  const verification = await verifyAuditLog(db, [key.publicKey], verifyOptions);
  if (!verification.ok) {
    const { seq, reason } = verification.firstBad;
    throw new PrintvaktError("not-possible", `the audit log does not verify (first bad entry seq ${seq}: ${reason}); nothing was pruned`);
  }
  return db.write(async (tx) => {
    const entry = await findAuditEntry(tx, through.seq);
    if (entry === null || entry.hash !== through.hash) {
      throw new PrintvaktError("not-possible", `the log changed while pruning was prepared (seq ${through.seq}); nothing was pruned`);
    }
    const entries = await deleteAuditThrough(tx, through.seq);
    const at = new Date();
    const statement = signPruneStatement(key, through, at);
    await appendAudit(tx, {
      type: "audit.pruned",
      actor,
      subject: null,
      at,
      details: { throughSeq: through.seq, throughHash: through.hash, entries, olderThan: isoMillis(plan.olderThan), keyId: statement.keyId, signature: statement.signature },
    });
    return entries;
  });
}
