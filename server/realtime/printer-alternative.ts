// Which other printer a kiosk suggests when its own cannot print: the first printer in the admin's
// nearby list that is ready. Only a name goes to the kiosk, never anything about jobs there.
import type { PrinterRecord } from "../store/printers.js";

type PrinterState = Pick<PrinterRecord, "id" | "name" | "state" | "stateMessage">;

/** States in which a printer takes a job now (printer-state as IPP says it; "offline" is ours). */
const READY_STATES = new Set(["idle", "processing"]);

/** Ready: idle or printing, and no reason of error severity (paper out or a jam while "idle"). */
export function isReady(printer: Pick<PrinterRecord, "state" | "stateMessage">): boolean {
  if (!READY_STATES.has(printer.state)) return false;
  return !printer.stateMessage.split(",").some((reason) => reason.trim().endsWith("-error"));
}

/** The first ready printer of `printer`'s nearby list, in the admin's order; null when none is. */
export function printerAlternative(printer: Pick<PrinterRecord, "nearbyPrinterIds">, printers: readonly PrinterState[]): { name: string } | null {
  const byId = new Map(printers.map((entry) => [entry.id, entry]));
  for (const id of printer.nearbyPrinterIds) {
    const nearby = byId.get(id);
    if (nearby && isReady(nearby)) return { name: nearby.name };
  }
  return null;
}

/** The printer:status payload (and kiosk:hello's printer) for a kiosk beside `printer`. */
export function printerStatusPayload(printer: PrinterRecord | undefined, printers: readonly PrinterState[]): { name: string; state: string; message: string; alternative: { name: string } | null } {
  if (!printer) return { name: "", state: "unknown", message: "", alternative: null };
  return { name: printer.name, state: printer.state, message: printer.stateMessage, alternative: printerAlternative(printer, printers) };
}

/** The printers whose kiosks must hear that `changedId` changed: itself, and those that list it as nearby. */
export function printersAffectedBy(changedId: number, printers: readonly PrinterRecord[]): PrinterRecord[] {
  return printers.filter((printer) => printer.id === changedId || printer.nearbyPrinterIds.includes(changedId));
}
