// Gathers and signs the evidence of one job or one person (evidence.ts), in the order an auditor
// can rely on: the whole log verifies first (no signature for entries already altered), a
// checkpoint is signed now so the evidence reaches the newest entry, the selected entries up to it
// are read, the statement is signed, and the export itself is recorded.
import { PrintvaktError } from "../../core/errors.js";
import type { Config } from "../config.js";
import { appendAudit, lastCheckpoint, readAudit, type AuditFilter } from "../store/audit-log.js";
import type { Database } from "../store/database.js";
import { checkpointPublicKeys, verifyAuditLog } from "./audit-service.js";
import { loadOrCreateCheckpointKey } from "./checkpoint-key.js";
import { takeCheckpoint } from "./checkpointer.js";
import type { AuditEntry } from "./entry.js";
import { inSelection, signEvidence, type EvidenceFile, type EvidenceSelection } from "./evidence.js";
import { appendToWitnesses } from "./witness.js";

type EvidenceConfig = Pick<Config, "auditKeyFile" | "auditPublicKeyFile" | "auditWitnessFiles" | "auditCheckpointIntervalMs">;

export async function exportEvidence(db: Database, config: EvidenceConfig, selection: EvidenceSelection, who: { actor: string; peer: string }): Promise<EvidenceFile> {
  const verificationKeys = await checkpointPublicKeys({ publicKeyFiles: [], keyFile: config.auditKeyFile, pinnedKeyFile: config.auditPublicKeyFile });
  const verified = await verifyAuditLog(db, verificationKeys.keys, { coverage: { now: new Date(), intervalMs: config.auditCheckpointIntervalMs } });
  if (!verified.ok) throw new PrintvaktError("not-possible", `the audit log does not verify (seq ${verified.firstBad.seq}: ${verified.firstBad.reason}), so no evidence is signed from it`);
  const key = await loadOrCreateCheckpointKey(config.auditKeyFile);
  const taken = await takeCheckpoint(db, key, who.actor);
  if (taken !== null) await appendToWitnesses(db, config.auditWitnessFiles ?? [], taken);
  const checkpoint = taken ?? (await lastCheckpoint(db));
  if (checkpoint === null) throw new PrintvaktError("not-possible", "the audit log is empty: there is nothing to give as evidence");
  const filter: AuditFilter = "job" in selection ? { subject: `job:${selection.job}` } : { person: selection.person };
  const entries: AuditEntry[] = [];
  for await (const entry of readAudit(db, filter)) {
    if (entry.seq > checkpoint.seq) break;
    // The verifier's own rule decides what belongs (the store's person filter follows the same rule).
    if (inSelection(selection, entry)) entries.push(entry);
  }
  if (entries.length === 0) throw new PrintvaktError("not-found", "the audit log has no entries about that job or person");
  const evidence = signEvidence(key, selection, entries, checkpoint, new Date());
  const subject = "job" in selection ? `job:${selection.job}` : `user:${selection.person}`;
  await db.write((tx) => appendAudit(tx, { type: "audit.evidence-exported", actor: who.actor, subject, details: { entries: entries.length, checkpointSeq: checkpoint.seq, peer: who.peer } }));
  return evidence;
}
