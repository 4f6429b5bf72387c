// Verifying the stored audit log as a whole: where it starts after pruning, which keys vouch for
// its checkpoints, and the audit.verified entry that records every verification.
import { access, readFile } from "node:fs/promises";
import { PrintvaktError } from "../../core/errors.js";
import { appendAudit, auditPage, databaseCreatedAt, listCheckpoints, readAudit } from "../store/audit-log.js";
import type { Database, Reader } from "../store/database.js";
import { loadOrCreateCheckpointKey } from "./checkpoint-key.js";
import type { Checkpoint } from "./checkpoint.js";
import type { AuditEntry, JsonValue } from "./entry.js";
import { pruneStatementOf, verifyPruneStatement } from "./prune-statement.js";
import { toPublicKey, type CheckpointPublicKey } from "./public-key.js";
import { fail, keyRing, verifyChain, type VerifyResult } from "./verify.js";

export type AuditVerification = VerifyResult & {
  /** Set when the log was pruned: the last pruned entry, which a signed checkpoint vouches for. */
  startFrom?: { seq: number; hash: string };
};

/**
 * Where the remaining log starts: the newest audit.pruned entry names the last pruned entry
 * (throughSeq, throughHash). The entry is itself inside the chain, so it cannot be removed or
 * edited without breaking the links after it; verifyChain then demands a signed checkpoint at
 * exactly that point and a first remaining entry that links to it. The entry must also carry a
 * prune statement signed with the checkpoint key (prune-statement.ts): an audit.pruned appended
 * by hand with SQL authorises nothing.
 */
export async function pruneStartPoint(db: Reader): Promise<AuditEntry | undefined> {
  const [pruned] = await auditPage(db, { types: ["audit.pruned"] }, { limit: 1 });
  return pruned;
}

export interface VerifyAuditOptions {
  /** Checkpoints held outside the database (witness files, earlier exports): the log must still contain each unchanged. */
  heldCheckpoints?: readonly Checkpoint[];
  /** Fail on entries older than one interval at `now` that no checkpoint covers (see verify.ts). */
  coverage?: { now: Date; intervalMs: number };
}

/** Recomputes the whole chain (read as a stream) against every stored and every held checkpoint. */
export async function verifyAuditLog(db: Reader, publicKeys: readonly CheckpointPublicKey[], options: VerifyAuditOptions = {}): Promise<AuditVerification> {
  const pruned = await pruneStartPoint(db);
  let startFrom: { seq: number; hash: string } | undefined;
  if (pruned !== undefined) {
    const statement = pruneStatementOf(pruned);
    if (statement === undefined || !verifyPruneStatement(statement, keyRing(publicKeys))) return fail(pruned.seq, "prune statement invalid");
    startFrom = { seq: statement.throughSeq, hash: statement.throughHash };
  }
  const checkpoints = [...(await listCheckpoints(db)), ...(options.heldCheckpoints ?? [])];
  const coverage = options.coverage && { ...options.coverage, logCreatedAt: await databaseCreatedAt(db) };
  const result = await verifyChain(readAudit(db), checkpoints, publicKeys, { ...(startFrom && { startFrom }), ...(coverage && { coverage }) });
  return startFrom === undefined ? result : { ...result, startFrom };
}

/** Appends audit.verified with the outcome: who checked, and whether the log held. */
export async function recordVerification(db: Database, actor: string, result: VerifyResult): Promise<void> {
  const details: Record<string, JsonValue> = result.ok
    ? { ok: true, entries: result.entries, lastSeq: result.lastSeq, checkpointsVerified: result.checkpointsVerified }
    : { ok: false, firstBadSeq: result.firstBad.seq, reason: result.firstBad.reason };
  await db.write((tx) => appendAudit(tx, { type: "audit.verified", actor, subject: null, details }));
}

/** The keys verification checks against, and where they came from (shown to the auditor). */
export interface VerificationKeys {
  keys: CheckpointPublicKey[];
  source: "pinned" | "configured" | "key file";
}

/**
 * The public keys to check checkpoints with: PEM files an auditor brings (pinned), else the public
 * key configured as pinned (PRINTVAKT_AUDIT_PUBLIC_KEY), else the public half of the server's own
 * key file: the last can be swapped together with the database, so the outcome says which it was.
 * A missing key file gives no key (and every checkpoint then fails): verification must never create
 * a key that would make a forged checkpoint look fine.
 */
export async function checkpointPublicKeys(options: { publicKeyFiles: readonly string[]; keyFile: string; pinnedKeyFile?: string | undefined }): Promise<VerificationKeys> {
  if (options.publicKeyFiles.length > 0) return { keys: await Promise.all(options.publicKeyFiles.map(readPublicKey)), source: "pinned" };
  if (options.pinnedKeyFile !== undefined) return { keys: [await readPublicKey(options.pinnedKeyFile)], source: "configured" };
  try {
    await access(options.keyFile);
  } catch {
    return { keys: [], source: "key file" };
  }
  return { keys: [(await loadOrCreateCheckpointKey(options.keyFile)).publicKey], source: "key file" };
}

async function readPublicKey(file: string): Promise<CheckpointPublicKey> {
  const pem = await readFile(file, "utf8").catch((error: unknown) => {
    throw new PrintvaktError("bad-request", `cannot read public key file ${file}`, { cause: error });
  });
  return toPublicKey(pem);
}
