// Review M5 and the kiosk steps of H3, replayed against a started server over real socket.io
// connections: a screen credential presenting a card, and a kiosk an admin creates in the console.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addAdmin } from "../../server/admin/admins.js";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { readAudit } from "../../server/store/audit-log.js";
import { login, type ConsoleClient } from "../browser/support/console-client.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { connectKiosk } from "../support/kiosk-client.js";
import { asCli } from "../support/printer-destination.js";

const SYSTEM = { label: "system", role: "admin" as const };
const EVA = { username: "eva", password: "eva-console-password" };
let server: InProcessServer;
let eva: ConsoleClient;

async function refusals(): Promise<unknown[]> {
  const found = [];
  for await (const entry of readAudit(server.context.db)) if (entry.type === "kiosk.refused") found.push([entry.actor, entry.details.reason]);
  return found;
}

beforeAll(async () => {
  server = await startInProcessServer();
  const { db } = server.context;
  await addAdmin(db, SYSTEM, { username: EVA.username, role: "admin", password: EVA.password });
  await addPrinter(db, SYSTEM, { name: "Plan 3", uri: "ipp://192.0.2.30/ipp/print" }, asCli(server.context));
  await addUser(db, SYSTEM, server.context, { username: "bob", displayName: "Bob Berg", cards: ["2000002"] });
  eva = await login(server.baseUrl, EVA.username, EVA.password);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("a kiosk's screen and card reader hold different credentials", () => {
  test("a screen connection presenting a card (even one claiming to be the agent) is refused and audited; the reader's is not", async () => {
    const created = await addKiosk(server.context.db, SYSTEM, { name: "Plan 3 kiosk", printer: "Plan 3", releaseOnBadge: false }, "cli");
    expect(created.agentToken).toBeDefined();
    expect(created.agentToken).not.toBe(created.token);
    const screen = await connectKiosk(server.baseUrl, created.token, "screen");
    const posing = await connectKiosk(server.baseUrl, created.token, "agent");
    try {
      for (const client of [screen, posing]) {
        expect(await client.emit("card:present", { card: "2000002" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      }
      expect(screen.events.map((entry) => entry.event)).not.toContain("session:started");
      expect(await refusals()).toEqual([
        ["kiosk:Plan 3 kiosk", "screen-cannot-present-cards"],
        ["kiosk:Plan 3 kiosk", "screen-cannot-present-cards"],
      ]);
      const agent = await connectKiosk(server.baseUrl, created.agentToken!, "agent");
      try {
        expect(await agent.emit("card:present", { card: "2000002" })).toEqual({ ok: true, outcome: "session" });
        await screen.next("session:started");
        // The kiosk and its printer were set up within the day: the session says so, and by whom.
        const started = [];
        for await (const entry of readAudit(server.context.db)) if (entry.type === "session.started") started.push(entry.details);
        expect(started).toEqual([expect.objectContaining({ printer: "Plan 3", recentAdminChanges: ["printer:Plan 3 by system", "kiosk:Plan 3 kiosk by system"] })]);
      } finally {
        agent.close();
      }
    } finally {
      screen.close();
      posing.close();
    }
  });

  test("H3: a kiosk an admin adds in the console gets no card reader credential, so its token cannot present a listed card", async () => {
    const answer = await eva.request("POST", "/api/kiosks", { name: "Archive kiosk", printer: "Plan 3" });
    expect(answer.status).toBe(200);
    const created = (await answer.json()) as Record<string, unknown>;
    expect(Object.keys(created).sort()).toEqual(["name", "pairing", "token"]);
    const client = await connectKiosk(server.baseUrl, created.token as string, "agent");
    try {
      expect(await client.emit("card:present", { card: "2000002" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    } finally {
      client.close();
    }
    const listed = await eva.json<{ name: string; cardReaderEnrolled: boolean }[]>("GET", "/api/kiosks");
    expect(listed.find((kiosk) => kiosk.name === "Archive kiosk")?.cardReaderEnrolled).toBe(false);
  });
});
