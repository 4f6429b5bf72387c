// The held-time clock's one row: how long the server has run, in monotonic milliseconds (see server/jobs/held-time.ts).
import { clientOf, type Reader, type Transaction } from "./database.js";

const ROW = 1;

export async function readHeldClock(db: Reader): Promise<number> {
  const row = await clientOf(db).heldClock.findUnique({ where: { id: ROW } });
  return row === null ? 0 : Number(row.elapsedMs);
}

/** Never moves the stored reading back (a second process, or an older reading written late). */
export async function saveHeldClock(tx: Transaction, elapsedMs: number): Promise<void> {
  const value = BigInt(Math.floor(elapsedMs));
  await tx.heldClock.upsert({ where: { id: ROW }, create: { id: ROW, elapsedMs: value }, update: {} });
  await tx.heldClock.updateMany({ where: { id: ROW, elapsedMs: { lt: value } }, data: { elapsedMs: value } });
}
