// Creating kiosks and (re)issuing their tokens: the token is shown once, only its hash is kept.
import { PrintvaktError } from "../../core/errors.js";
import { newToken, tokenHash } from "../identity/secrets.js";
import { appendAudit } from "../store/audit-log.js";
import type { Database } from "../store/database.js";
import { createKiosk, findKioskByName, replaceKioskToken, revokeKiosk, type KioskRecord } from "../store/kiosks.js";
import { findPrinterByName } from "../store/printers.js";
import type { AdminActor } from "./actor.js";
import { validPrinterName } from "./printers.js";

export async function addKiosk(db: Database, actor: AdminActor, input: { name: string; printer: string; releaseOnBadge: boolean }): Promise<{ kiosk: KioskRecord; token: string }> {
  const name = validPrinterName(input.name);
  const token = newToken();
  const kiosk = await db.write(async (tx) => {
    const printer = await findPrinterByName(tx, input.printer);
    if (!printer) throw new PrintvaktError("not-found", `no printer named ${input.printer}: add it first with 'printvakt printer add'`);
    const created = await createKiosk(tx, { name, printerId: printer.id, tokenHash: tokenHash(token), releaseOnBadge: input.releaseOnBadge });
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `kiosk:${name}`, details: { action: "added", fields: ["name", "printer", "releaseOnBadge", "token"] } });
    return created;
  });
  return { kiosk, token };
}

/** Issues a fresh token (the old one stops working at once). */
export async function renewKioskToken(db: Database, actor: AdminActor, name: string): Promise<string> {
  const token = newToken();
  await db.write(async (tx) => {
    const kiosk = await findKioskByName(tx, name);
    if (!kiosk) throw new PrintvaktError("not-found", `no kiosk named ${name}`);
    await replaceKioskToken(tx, kiosk.id, tokenHash(token));
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `kiosk:${kiosk.name}`, details: { action: "changed", fields: ["token"] } });
  });
  return token;
}

export async function disableKiosk(db: Database, actor: AdminActor, name: string): Promise<void> {
  await db.write(async (tx) => {
    const kiosk = await findKioskByName(tx, name);
    if (!kiosk) throw new PrintvaktError("not-found", `no kiosk named ${name}`);
    await revokeKiosk(tx, kiosk.id);
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `kiosk:${kiosk.name}`, details: { action: "disabled" } });
  });
}
