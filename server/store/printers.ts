// Printers that jobs are released to.
import { PrintvaktError } from "../../core/errors.js";
import { clientOf, type Reader, type Transaction } from "./database.js";
import { isForeignKeyViolation, isUniqueViolation } from "./prisma-errors.js";

export interface PrinterRecord {
  id: number;
  name: string;
  uri: string;
  capabilities: Record<string, unknown>;
  state: string;
  stateMessage: string;
  lastCheckedAt: Date | null;
  holdTimeSeconds: number | null;
  /** Other printers' ids, nearest first: what a kiosk suggests when this printer is not ready. */
  nearbyPrinterIds: number[];
}

type PrinterRow = { id: number; name: string; uri: string; capabilities: string; state: string; stateMessage: string; lastCheckedAt: Date | null; holdTimeSeconds: number | null; nearbyPrinterIds: string };

function toRecord(row: PrinterRow): PrinterRecord {
  return { ...row, capabilities: JSON.parse(row.capabilities) as Record<string, unknown>, nearbyPrinterIds: JSON.parse(row.nearbyPrinterIds) as number[] };
}

export async function createPrinter(tx: Transaction, input: { name: string; uri: string; holdTimeSeconds?: number | null; capabilities?: Record<string, unknown> }): Promise<PrinterRecord> {
  const capabilities = input.capabilities === undefined ? undefined : JSON.stringify(input.capabilities);
  try {
    return toRecord(await tx.printer.create({ data: { name: input.name, uri: input.uri, holdTimeSeconds: input.holdTimeSeconds ?? null, capabilities } }));
  } catch (error) {
    if (isUniqueViolation(error)) throw new PrintvaktError("conflict", `printer ${input.name} already exists`);
    throw error;
  }
}

export async function findPrinterByName(db: Reader, name: string): Promise<PrinterRecord | null> {
  const row = await clientOf(db).printer.findUnique({ where: { name } });
  return row ? toRecord(row) : null;
}

export async function findPrinterById(db: Reader, id: number): Promise<PrinterRecord | null> {
  const row = await clientOf(db).printer.findUnique({ where: { id } });
  return row ? toRecord(row) : null;
}

/** What a kiosk's session view needs of the printer it prints to. */
export type KioskPrinter = Pick<PrinterRecord, "id" | "name" | "capabilities">;

/**
 * The printer of one kiosk, in one query: a badge used to read every kiosk and every printer (with
 * their capabilities) to find it (issue 13). Null when the kiosk is gone.
 */
export async function findKioskPrinter(db: Reader, kioskId: number): Promise<KioskPrinter | null> {
  const row = await clientOf(db).printer.findFirst({ where: { kiosks: { some: { id: kioskId } } }, select: { id: true, name: true, capabilities: true } });
  return row ? { id: row.id, name: row.name, capabilities: JSON.parse(row.capabilities) as Record<string, unknown> } : null;
}

/** The names of these printers by id (printers that are gone are left out). */
export async function printerNames(db: Reader, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await clientOf(db).printer.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function listPrinters(db: Reader): Promise<PrinterRecord[]> {
  return (await clientOf(db).printer.findMany({ orderBy: { name: "asc" } })).map(toRecord);
}

export async function removePrinter(tx: Transaction, id: number, name: string): Promise<void> {
  try {
    await tx.printer.delete({ where: { id } });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw new PrintvaktError("conflict", `printer ${name} still has kiosks: remove or move them first`);
    throw error;
  }
}

export async function recordPrinterStatus(tx: Transaction, id: number, status: { state: string; stateMessage: string; capabilities?: Record<string, unknown> }): Promise<void> {
  await tx.printer.update({
    where: { id },
    data: {
      state: status.state,
      stateMessage: status.stateMessage,
      lastCheckedAt: new Date(),
      capabilities: status.capabilities === undefined ? undefined : JSON.stringify(status.capabilities),
    },
  });
}

/** Replaces the printer's nearby list (ids, nearest first); the caller has checked that each exists. */
export async function setNearbyPrinters(tx: Transaction, id: number, nearbyPrinterIds: readonly number[]): Promise<PrinterRecord> {
  return toRecord(await tx.printer.update({ where: { id }, data: { nearbyPrinterIds: JSON.stringify(nearbyPrinterIds) } }));
}
