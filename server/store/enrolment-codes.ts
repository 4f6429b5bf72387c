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

/**
 * Marks an unused, unexpired code used by its hash alone (codes are unique): the person at a kiosk
 * types only the code, on the screen's keys. Answers whose code it was, or null.
 */
export async function consumeEnrolmentCodeByHash(tx: Transaction, codeHash: string): Promise<number | null> {
  const code = await tx.enrolmentCode.findFirst({ where: { codeHash, usedAt: null, expiresAt: { gt: new Date() } }, select: { id: true, userId: true } });
  if (!code) return null;
  const result = await tx.enrolmentCode.updateMany({ where: { id: code.id, usedAt: null }, data: { usedAt: new Date() } });
  return result.count === 1 ? code.userId : null;
}
