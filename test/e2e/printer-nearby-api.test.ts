// Setting a printer's nearby printers from the console API: listed by name, refused for unknown
// names, audited, and pushed at once to the kiosk beside it as printer:status's alternative.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addPrinter } from "../../server/admin/printers.js";
import { AUDITOR, PRINTER, startFixture, type Fixture } from "../browser/support/fixture.js";
import { login } from "../browser/support/console-client.js";
import { auditDetails } from "../support/database-rows.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { asCli } from "../support/printer-destination.js";

const NEARBY = "Plan 3 Syd";
const SYSTEM = { label: "system", role: "admin" as const };
const nearbyPath = `/api/printers/${encodeURIComponent(PRINTER)}/nearby`;

let fixture: Fixture;
let nearbySink: string;
let screen: KioskClient;

beforeAll(async () => {
  fixture = await startFixture({}, {}, { printerRefreshMs: 3_600_000 });
  nearbySink = await mkdtemp(path.join(tmpdir(), "printvakt-sink-"));
  await addPrinter(fixture.server.context.db, SYSTEM, { name: NEARBY, uri: `file://${nearbySink}` }, asCli(fixture.server.context));
  await fixture.server.refreshPrinters();
  screen = await connectKiosk(fixture.server.baseUrl, fixture.kioskToken, "screen", { Origin: fixture.server.baseUrl });
});

afterAll(async () => {
  screen?.close();
  await fixture?.stop();
  await rm(nearbySink, { recursive: true, force: true });
});

describe("POST /api/printers/:name/nearby", () => {
  test("a kiosk with no nearby list is told there is no alternative", async () => {
    expect(await screen.next("kiosk:hello")).toMatchObject({ printer: { name: PRINTER, alternative: null } });
  });

  test("an admin sets the list; the printer list names it, the change is audited, and the kiosk hears the alternative at once", async () => {
    expect(await fixture.admin.json("POST", nearbyPath, { nearby: [NEARBY] })).toEqual({ name: PRINTER, nearby: [NEARBY] });
    const printers = await fixture.admin.json<{ name: string; nearby: string[] }[]>("GET", "/api/printers");
    expect(printers.find((printer) => printer.name === PRINTER)?.nearby).toEqual([NEARBY]);
    expect(printers.find((printer) => printer.name === NEARBY)?.nearby).toEqual([]);
    expect((await auditDetails(fixture.server.context.db, `printer:${PRINTER}`, "admin.changed")).at(-1)).toEqual({ action: "changed", fields: ["nearby"], nearby: [NEARBY] });
    const status = await screen.next("printer:status", (payload) => payload.alternative !== null);
    // Only the other printer's name: nothing about it or its jobs.
    expect(status.alternative).toEqual({ name: NEARBY });
  });

  test("an unknown printer name is refused with a clear message and changes nothing", async () => {
    const response = await fixture.admin.request("POST", nearbyPath, { nearby: ["Plan 9"] });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("no printer named Plan 9");
    const printers = await fixture.admin.json<{ name: string; nearby: string[] }[]>("GET", "/api/printers");
    expect(printers.find((printer) => printer.name === PRINTER)?.nearby).toEqual([NEARBY]);
  });

  test("an auditor may not change it", async () => {
    const auditor = await login(fixture.server.baseUrl, AUDITOR.username, AUDITOR.password);
    expect((await auditor.request("POST", nearbyPath, { nearby: [] })).status).toBe(403);
  });
});
