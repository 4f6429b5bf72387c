// A running server set up as at a municipality: an admin and an auditor account, a development
// printer writing to a folder (file:///), a kiosk beside it, and a person with a card.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { addAdmin } from "../../../server/admin/admins.js";
import { renewKioskToken } from "../../../server/admin/kiosks.js";
import { addPrinter } from "../../../server/admin/printers.js";
import { addUser } from "../../../server/admin/users.js";
import type { ServerOptions } from "../../../server/main.js";
import { startInProcessServer, type InProcessServer } from "../../support/in-process-server.js";
import { asCli } from "../../support/printer-destination.js";
import { login, type ConsoleClient } from "./console-client.js";

export const ADMIN = { username: "eva", password: "eva-console-password" };
export const AUDITOR = { username: "ada", password: "ada-auditor-password" };
export const PRINTER = "Plan 3";
export const KIOSK = "Plan 3 kiosk";
export const PERSON = { username: "anna", displayName: "Anna Andersson", card: "0013961168" };

const SYSTEM = { label: "system", role: "admin" as const };

export interface Fixture {
  server: InProcessServer;
  /** Where the printer writes released documents. */
  sinkDir: string;
  kioskToken: string;
  /** The kiosk's card reader token, which only the operator's CLI issues (review M5). */
  agentToken: string;
  admin: ConsoleClient;
  /** Stops the server and removes its files; safe to call twice. */
  stop(): Promise<void>;
}

/** serverOptions: e.g. a long printerRefreshMs, so a printer's state changes only when a test asks or the server has a reason to. */
export async function startFixture(env: Record<string, string> = {}, person: { pin?: string } = {}, serverOptions: ServerOptions = {}): Promise<Fixture> {
  // The printer writes to a folder, a development sink only the operator's CLI may add (review M7).
  const server = await startInProcessServer({ PRINTVAKT_ALLOW_FILE_PRINTERS: "true", ...env }, serverOptions);
  const sinkDir = await mkdtemp(path.join(tmpdir(), "printvakt-sink-"));
  const { db } = server.context;
  await addAdmin(db, SYSTEM, { username: ADMIN.username, role: "admin", password: ADMIN.password });
  await addAdmin(db, SYSTEM, { username: AUDITOR.username, role: "auditor", password: AUDITOR.password });
  await addUser(db, SYSTEM, server.context, { username: PERSON.username, displayName: PERSON.displayName, cards: [PERSON.card], pin: person.pin });
  const admin = await login(server.baseUrl, ADMIN.username, ADMIN.password);
  await addPrinter(db, SYSTEM, { name: PRINTER, uri: `file://${sinkDir}` }, asCli(server.context));
  // Asked for its state at once, as the kiosk shows it.
  await server.refreshPrinters();
  const kiosk = await admin.json<{ token: string }>("POST", "/api/kiosks", { name: KIOSK, printer: PRINTER });
  const agentToken = await renewKioskToken(db, SYSTEM, KIOSK, "agent", "cli");
  let stopped: Promise<void> | undefined;
  return {
    server,
    sinkDir,
    kioskToken: kiosk.token,
    agentToken,
    admin,
    stop() {
      stopped ??= server.stop().finally(() => rm(sinkDir, { recursive: true, force: true }));
      return stopped;
    },
  };
}
