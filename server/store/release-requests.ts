// Idempotency keys of release requests: one row per (kiosk, key), holding the first outcome.
import type { Transaction } from "./database.js";
import { isUniqueViolation } from "./prisma-errors.js";

/** Claims the key; returns the stored outcome (JSON text) when the key was used before. */
export async function claimReleaseKey(tx: Transaction, kioskId: number, key: string, jobIds: number[]): Promise<{ first: true } | { first: false; outcome: string }> {
  try {
    await tx.releaseRequest.create({ data: { kioskId, key, jobIds: JSON.stringify(jobIds) } });
    return { first: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await tx.releaseRequest.findUnique({ where: { kioskId_key: { kioskId, key } } });
    return { first: false, outcome: existing?.outcome ?? "pending" };
  }
}

export async function storeReleaseOutcome(tx: Transaction, kioskId: number, key: string, outcome: string): Promise<void> {
  await tx.releaseRequest.update({ where: { kioskId_key: { kioskId, key } }, data: { outcome } });
}
