// One-time codes an admin issues so a person can link a new card at a kiosk. Only hashes are kept.
import type { Transaction } from "./database.js";

export async function createEnrolmentCode(tx: Transaction, userId: number, codeHash: string, expiresAt: Date): Promise<void> {
  await tx.enrolmentCode.create({ data: { userId, codeHash, expiresAt } });
}

/** Marks the code used; true only for an unused, unexpired code of this user. */
export async function consumeEnrolmentCode(tx: Transaction, userId: number, codeHash: string): Promise<boolean> {
  const result = await tx.enrolmentCode.updateMany({ where: { userId, codeHash, usedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } });
  return result.count === 1;
}
