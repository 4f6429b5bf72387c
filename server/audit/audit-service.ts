// Verifying the stored audit log as a whole: where it starts after pruning, which keys vouch for
// its checkpoints, and the audit.verified entry that records every verification.
import { access, readFile } from "node:fs/promises";
import { PrintvaktError } from "../../core/errors.js";
import { appendAudit, auditPage, listCheckpoints, readAudit } from "../store/audit-log.js";
import type { Database, Reader } from "../store/database.js";
import { loadOrCreateCheckpointKey } from "./checkpoint-key.js";
import type { JsonValue } from "./entry.js";
import { toPublicKey, type CheckpointPublicKey } from "./public-key.js";
import { verifyChain, type VerifyResult } from "./verify.js";

export type AuditVerification = VerifyResult & {
  /** Set when the log was pruned: the last pruned entry, which a signed checkpoint vouches for. */
  startFrom?: { seq: number; hash: string };
};

/**
 * Where the remaining log starts: the newest audit.pruned entry names the last pruned entry
 * (throughSeq, throughHash). The entry is itself inside the chain, so it cannot be removed or
 * edited without breaking the links after it; verifyChain then demands a signed checkpoint at
 * exactly that point and a first remaining entry that links to it.
 */
export async function pruneStartPoint(db: Reader): Promise<{ seq: number; hash: string } | undefined> {
  const [pruned] = await auditPage(db, { types: ["audit.pruned"] }, { limit: 1 });
  if (pruned === undefined) return undefined;
  return { seq: Number(pruned.details.throughSeq), hash: String(pruned.details.throughHash) };
}

/** Recomputes the whole chain (read as a stream) against every stored checkpoint. */
export async function verifyAuditLog(db: Database, publicKeys: readonly CheckpointPublicKey[]): Promise<AuditVerification> {
  const startFrom = await pruneStartPoint(db);
  const checkpoints = await listCheckpoints(db);
  const result = await verifyChain(readAudit(db), checkpoints, publicKeys, startFrom === undefined ? {} : { startFrom });
  return startFrom === undefined ? result : { ...result, startFrom };
}

/** Appends audit.verified with the outcome: who checked, and whether the log held. */
export async function recordVerification(db: Database, actor: string, result: VerifyResult): Promise<void> {
  const details: Record<string, JsonValue> = result.ok
    ? { ok: true, entries: result.entries, lastSeq: result.lastSeq, checkpointsVerified: result.checkpointsVerified }
    : { ok: false, firstBadSeq: result.firstBad.seq, reason: result.firstBad.reason };
  await db.write((tx) => appendAudit(tx, { type: "audit.verified", actor, subject: null, details }));
}

/**
 * The public keys to check checkpoints with: PEM files an auditor brings, or else the public half
 * of the server's own key file. A missing key file gives no key (and every checkpoint then fails):
 * verification must never create a key that would make a forged checkpoint look fine.
 */
export async function checkpointPublicKeys(options: { publicKeyFiles: readonly string[]; keyFile: string }): Promise<CheckpointPublicKey[]> {
  if (options.publicKeyFiles.length > 0) {
    return Promise.all(
      options.publicKeyFiles.map(async (file) => {
        const pem = await readFile(file, "utf8").catch((error: unknown) => {
          throw new PrintvaktError("bad-request", `cannot read public key file ${file}`, { cause: error });
        });
        return toPublicKey(pem);
      }),
    );
  }
  try {
    await access(options.keyFile);
  } catch {
    return [];
  }
  return [(await loadOrCreateCheckpointKey(options.keyFile)).publicKey];
}
