// Idempotency keys of release requests: one row per (kiosk, key), holding the first outcome.
import type { Prisma, Transaction } from "./database.js";
import { isUniqueViolation } from "./prisma-errors.js";

type Reader = Transaction | Prisma;

/** Claims the key; returns the stored outcome (JSON text) when the key was used before. */
export async function claimReleaseKey(db: Reader, kioskId: number, key: string, jobIds: number[]): Promise<{ first: true } | { first: false; outcome: string }> {
  try {
    await db.releaseRequest.create({ data: { kioskId, key, jobIds: JSON.stringify(jobIds) } });
    return { first: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await db.releaseRequest.findUnique({ where: { kioskId_key: { kioskId, key } } });
    return { first: false, outcome: existing?.outcome ?? "pending" };
  }
}

export async function storeReleaseOutcome(db: Reader, kioskId: number, key: string, outcome: string): Promise<void> {
  await db.releaseRequest.update({ where: { kioskId_key: { kioskId, key } }, data: { outcome } });
}
