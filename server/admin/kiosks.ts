// Creating kiosks and (re)issuing their tokens: each token is shown once, only its hash is kept. A
// kiosk has two: the screen's (paired from the console) and the card reader agent's (CLI only).
import { PrintvaktError } from "../../core/errors.js";
import { newToken, tokenHash } from "../identity/secrets.js";
import { appendAudit } from "../store/audit-log.js";
import type { Database } from "../store/database.js";
import { createKiosk, findKioskByName, replaceKioskAgentToken, replaceKioskToken, revokeKiosk, type KioskRecord } from "../store/kiosks.js";
import { canIssueAgentCredential, type KioskCredential } from "../policy/kiosk-credentials.js";
import type { AdminOrigin } from "../policy/printer-destinations.js";
import { findPrinterByName } from "../store/printers.js";
import type { AdminActor } from "./actor.js";
import { validPrinterName } from "./printers.js";

export interface NewKiosk {
  kiosk: KioskRecord;
  /** The screen's token. */
  token: string;
  /** The card reader agent's token: only when the CLI created the kiosk. */
  agentToken: string | undefined;
}

export async function addKiosk(db: Database, actor: AdminActor, input: { name: string; printer: string; releaseOnBadge: boolean }, origin: AdminOrigin): Promise<NewKiosk> {
  const name = validPrinterName(input.name);
  const token = newToken();
  const agentToken = canIssueAgentCredential(origin) ? newToken() : undefined;
  const kiosk = await db.write(async (tx) => {
    const printer = await findPrinterByName(tx, input.printer);
    if (!printer) throw new PrintvaktError("not-found", `no printer named ${input.printer}: add it first with 'printvakt printer add'`);
    const created = await createKiosk(tx, { name, printerId: printer.id, tokenHash: tokenHash(token), agentTokenHash: agentToken === undefined ? null : tokenHash(agentToken), releaseOnBadge: input.releaseOnBadge });
    const fields = ["name", "printer", "releaseOnBadge", "token", ...(agentToken === undefined ? [] : ["agentToken"])];
    // Where the kiosk releases to and how, so an auditor can judge a new kiosk from its entry alone.
    const details = { action: "added", fields, printer: printer.name, mode: input.releaseOnBadge ? "release-on-badge" : "screen" };
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `kiosk:${name}`, details });
    return created;
  });
  return { kiosk, token, agentToken };
}

/**
 * Issues a fresh token for one of the kiosk's credentials (the old one stops working at once). The
 * agent's only from the CLI: the console cannot mint a credential that presents cards.
 */
export async function renewKioskToken(db: Database, actor: AdminActor, name: string, credential: KioskCredential, origin: AdminOrigin): Promise<string> {
  if (credential === "agent" && !canIssueAgentCredential(origin)) {
    throw new PrintvaktError("forbidden", "a kiosk's card reader token is issued only with 'printvakt kiosk token NAME' on the server");
  }
  const token = newToken();
  await db.write(async (tx) => {
    const kiosk = await findKioskByName(tx, name);
    if (!kiosk) throw new PrintvaktError("not-found", `no kiosk named ${name}`);
    if (credential === "agent") await replaceKioskAgentToken(tx, kiosk.id, tokenHash(token));
    else await replaceKioskToken(tx, kiosk.id, tokenHash(token));
    const details = { action: "changed", fields: [credential === "agent" ? "agentToken" : "token"], printer: kiosk.printerName };
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `kiosk:${kiosk.name}`, details });
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
