// Jobs seen through their owner: a directory rename carries the jobs to the new name.
import type { Transaction } from "./database.js";

/** Every job of `from` now belongs to `to` (held jobs stay collectable after a rename). */
export async function renameJobOwner(tx: Transaction, from: string, to: string): Promise<number> {
  const result = await tx.job.updateMany({ where: { ownerName: from }, data: { ownerName: to } });
  return result.count;
}
