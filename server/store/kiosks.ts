// Kiosks (release stations) and their token hashes: one for the screen, one for the card reader agent.
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
  createdAt: Date;
  /** Whether a card reader agent credential has been issued (only the CLI issues one). */
  hasAgentCredential: boolean;
}

/** Which of a kiosk's two credentials a connection presented. */
export type KioskRole = "screen" | "agent";

const withPrinter = { printer: { select: { name: true } } };

type KioskRow = { id: number; name: string; printerId: number; releaseOnBadge: boolean; lastSeenAt: Date | null; revokedAt: Date | null; createdAt: Date; agentTokenHash: string | null; printer: { name: string } };

function toRecord(row: KioskRow): KioskRecord {
  return {
    id: row.id,
    name: row.name,
    printerId: row.printerId,
    printerName: row.printer.name,
    releaseOnBadge: row.releaseOnBadge,
    lastSeenAt: row.lastSeenAt,
    revokedAt: row.revokedAt,
    createdAt: row.createdAt,
    hasAgentCredential: row.agentTokenHash !== null,
  };
}

export async function createKiosk(tx: Transaction, input: { name: string; printerId: number; tokenHash: string; agentTokenHash: string | null; releaseOnBadge: boolean }): Promise<KioskRecord> {
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

/**
 * The kiosk a credential belongs to and which one it is: the screen's or the agent's. The role comes
 * from the credential, never from what the client says it is.
 */
export async function findKioskByCredential(db: Reader, hash: string): Promise<{ kiosk: KioskRecord; role: KioskRole } | null> {
  const row = await clientOf(db).kiosk.findFirst({ where: { OR: [{ tokenHash: hash }, { agentTokenHash: hash }] }, include: withPrinter });
  if (!row) return null;
  return { kiosk: toRecord(row), role: row.agentTokenHash === hash ? "agent" : "screen" };
}

/** A new screen token (a revoked kiosk comes back with it). */
export async function replaceKioskToken(tx: Transaction, id: number, tokenHash: string): Promise<void> {
  await tx.kiosk.update({ where: { id }, data: { tokenHash, revokedAt: null } });
}

/** A new card reader token (a revoked kiosk comes back with it). */
export async function replaceKioskAgentToken(tx: Transaction, id: number, agentTokenHash: string): Promise<void> {
  await tx.kiosk.update({ where: { id }, data: { agentTokenHash, revokedAt: null } });
}

export async function revokeKiosk(tx: Transaction, id: number): Promise<void> {
  await tx.kiosk.update({ where: { id }, data: { revokedAt: new Date() } });
}

export async function touchKiosk(tx: Transaction, id: number): Promise<void> {
  await tx.kiosk.update({ where: { id }, data: { lastSeenAt: new Date() } });
}
