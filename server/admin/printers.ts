// Registering and removing printers: validate, write, audit — in one transaction.
import { PrintvaktError } from "../../core/errors.js";
import { appendAudit } from "../store/audit-log.js";
import type { Database } from "../store/database.js";
import { createPrinter, findPrinterByName, listPrinters, removePrinter, setNearbyPrinters as storeNearbyPrinters, type PrinterRecord } from "../store/printers.js";
import type { PrinterDestinationRules, AdminOrigin } from "../policy/printer-destinations.js";
import type { AdminActor } from "./actor.js";
import { checkPrinterDestination } from "./printer-destinations.js";
import { declaredCapabilities, type PrinterDeclaration } from "./declared-capabilities.js";

// Names as sites write them ("Plan 3 – Socialtjänsten, norr", "Kopiator (rum 214)"): letters, digits,
// spaces and a few marks; never control characters, quotes or anything a shell or a CSV cell would
// read as structure. One space at a time, so two names cannot differ only in spacing.
const PRINTER_NAME = /^[\p{L}\p{N}](?:[\p{L}\p{N}._\-–—,()/&+]| (?! )){0,63}$/u;

export function validPrinterName(name: string): string {
  const trimmed = name.trim();
  if (!PRINTER_NAME.test(trimmed)) {
    throw new PrintvaktError("bad-request", `printer name ${JSON.stringify(name.slice(0, 80))} is not valid: 1-64 letters, digits, single spaces and . _ - – — , ( ) / & +, starting with a letter or digit`);
  }
  return trimmed;
}

/** Where the request came from and the rules it meets: the API never adds a file: printer (review H3, M7). */
export interface PrinterDestination {
  origin: AdminOrigin;
  rules: PrinterDestinationRules;
}

export async function addPrinter(db: Database, actor: AdminActor, input: { name: string; uri: string; holdTimeSeconds?: number; declared?: PrinterDeclaration }, destination: PrinterDestination): Promise<PrinterRecord> {
  const name = validPrinterName(input.name);
  const uri = (await checkPrinterDestination(input.uri, destination.origin, destination.rules)).toString();
  const capabilities = declaredCapabilities(uri, input.declared ?? {});
  return db.write(async (tx) => {
    const printer = await createPrinter(tx, { name, uri, holdTimeSeconds: input.holdTimeSeconds ?? null, capabilities });
    // The URI is where documents will go: an auditor must see a file sink or an odd host for what it is.
    const fields = capabilities ? ["name", "uri", "capabilities"] : ["name", "uri"];
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `printer:${name}`, details: { action: "added", fields, uri } });
    return printer;
  });
}

export async function deletePrinter(db: Database, actor: AdminActor, name: string): Promise<void> {
  await db.write(async (tx) => {
    const printer = await findPrinterByName(tx, name);
    if (!printer) throw new PrintvaktError("not-found", `no printer named ${name}`);
    await removePrinter(tx, printer.id, name);
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `printer:${printer.name}`, details: { action: "removed", uri: printer.uri } });
    // Nobody is sent to a printer that is gone: it leaves every nearby list it was on, and each list
    // that changed is audited as if the admin had set it, so where a kiosk sends people never
    // changes unseen (F7).
    const others = await listPrinters(tx);
    const names = new Map(others.map((other) => [other.id, other.name]));
    for (const other of others) {
      if (!other.nearbyPrinterIds.includes(printer.id)) continue;
      // Ids of printers no longer registered go too, so what is stored is what the entry names.
      const nearbyIds = other.nearbyPrinterIds.filter((id) => id !== printer.id && names.has(id));
      await storeNearbyPrinters(tx, other.id, nearbyIds);
      await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `printer:${other.name}`, details: nearbyChange(nearbyIds.flatMap((id) => names.get(id) ?? [])) });
    }
  });
}

/** An admin.changed entry's details for a new nearby list: the list by the names the admin sees, nearest first. */
function nearbyChange(names: string[]): { action: string; fields: string[]; nearby: string[] } {
  return { action: "changed", fields: ["nearby"], nearby: names };
}

/**
 * Sets which printers are near `name`, nearest first, by their names. Every name must be another
 * registered printer: a typo would otherwise send people to a printer that does not exist.
 */
export async function setNearbyPrinters(db: Database, actor: AdminActor, name: string, nearbyNames: readonly string[]): Promise<PrinterRecord> {
  return db.write(async (tx) => {
    const printer = await findPrinterByName(tx, name);
    if (!printer) throw new PrintvaktError("not-found", `no printer named ${name}`);
    const nearbyPrinters: PrinterRecord[] = [];
    for (const nearbyName of nearbyNames) {
      const nearby = await findPrinterByName(tx, nearbyName.trim());
      if (!nearby) throw new PrintvaktError("bad-request", `no printer named ${nearbyName}: a nearby printer must be registered first`);
      if (nearby.id === printer.id) throw new PrintvaktError("bad-request", `printer ${name} cannot be near itself`);
      if (!nearbyPrinters.some((known) => known.id === nearby.id)) nearbyPrinters.push(nearby);
    }
    const changed = await storeNearbyPrinters(tx, printer.id, nearbyPrinters.map((nearby) => nearby.id));
    // The new list by the names the admin sees, in order: where the kiosk sends people is for an auditor to see (review 2026-12-06, F7).
    // Where the kiosk sends people is for an auditor to see (review 2026-12-06, F7).
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `printer:${printer.name}`, details: nearbyChange(nearbyPrinters.map((nearby) => nearby.name)) });
    return changed;
  });
}
