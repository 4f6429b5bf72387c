// Kiosks (release stations) and their token hashes.
import { PrintvaktError } from "../../core/errors.js";
import { clientOf, type Reader, type Transaction } from "./database.js";
import { isUniqueViolation } from "./prisma-errors.js";

export interface KioskRecord {
  id: number;
  name: string;
  printerId: number;
  printerName: string;
  releaseOnBadge: boolean;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
}

const withPrinter = { printer: { select: { name: true } } };

function toRecord(row: { id: number; name: string; printerId: number; releaseOnBadge: boolean; lastSeenAt: Date | null; revokedAt: Date | null; printer: { name: string } }): KioskRecord {
  return { id: row.id, name: row.name, printerId: row.printerId, printerName: row.printer.name, releaseOnBadge: row.releaseOnBadge, lastSeenAt: row.lastSeenAt, revokedAt: row.revokedAt };
}

export async function createKiosk(tx: Transaction, input: { name: string; printerId: number; tokenHash: string; releaseOnBadge: boolean }): Promise<KioskRecord> {
  try {
    return toRecord(await tx.kiosk.create({ data: input, include: withPrinter }));
  } catch (error) {
    if (isUniqueViolation(error)) throw new PrintvaktError("conflict", `kiosk ${input.name} already exists`);
    throw error;
  }
}

export async function listKiosks(db: Reader): Promise<KioskRecord[]> {
  return (await clientOf(db).kiosk.findMany({ orderBy: { name: "asc" }, include: withPrinter })).map(toRecord);
}

export async function findKioskByName(db: Reader, name: string): Promise<KioskRecord | null> {
  const row = await clientOf(db).kiosk.findUnique({ where: { name }, include: withPrinter });
  return row ? toRecord(row) : null;
}

/** The kiosk a token belongs to, looked up by the token's SHA-256 (a unique index, so no scan). */
export async function findKioskByTokenHash(db: Reader, tokenHash: string): Promise<(KioskRecord & { tokenHash: string }) | null> {
  const row = await clientOf(db).kiosk.findUnique({ where: { tokenHash }, include: withPrinter });
  return row ? { ...toRecord(row), tokenHash: row.tokenHash } : null;
}

export async function replaceKioskToken(tx: Transaction, id: number, tokenHash: string): Promise<void> {
  await tx.kiosk.update({ where: { id }, data: { tokenHash, revokedAt: null } });
}

export async function revokeKiosk(tx: Transaction, id: number): Promise<void> {
  await tx.kiosk.update({ where: { id }, data: { revokedAt: new Date() } });
}

export async function touchKiosk(tx: Transaction, id: number): Promise<void> {
  await tx.kiosk.update({ where: { id }, data: { lastSeenAt: new Date() } });
}
