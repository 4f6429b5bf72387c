// Idempotency keys of release requests: one row per (kiosk, session, key), holding the first
// outcome. Scoped per session so a key only ever replays to the session (the person) that sent it.
import { clientOf, type Reader, type Transaction } from "./database.js";
import { isUniqueViolation } from "./prisma-errors.js";

export interface ReleaseKey {
  kioskId: number;
  sessionId: string;
  key: string;
}

/** Claims the key; returns the stored outcome (JSON text) when the key was used before in this session. */
export async function claimReleaseKey(tx: Transaction, releaseKey: ReleaseKey, jobIds: number[]): Promise<{ first: true } | { first: false; outcome: string }> {
  try {
    await tx.releaseRequest.create({ data: { ...releaseKey, jobIds: JSON.stringify(jobIds) } });
    return { first: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await tx.releaseRequest.findUnique({ where: { kioskId_sessionId_key: releaseKey } });
    return { first: false, outcome: existing?.outcome ?? "pending" };
  }
}

export async function storeReleaseOutcome(tx: Transaction, releaseKey: ReleaseKey, outcome: string): Promise<void> {
  await tx.releaseRequest.update({ where: { kioskId_sessionId_key: releaseKey }, data: { outcome } });
}

/** The stored row of a key, as written (dates as stored text aside): for tests holding the SQL claim to this module's. */
export async function findReleaseRequest(db: Reader, releaseKey: ReleaseKey): Promise<{ jobIds: string; outcome: string; createdAt: Date } | null> {
  return clientOf(db).releaseRequest.findUnique({ where: { kioskId_sessionId_key: releaseKey }, select: { jobIds: true, outcome: true, createdAt: true } });
}
