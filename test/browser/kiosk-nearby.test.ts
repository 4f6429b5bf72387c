// The kiosk whose printer cannot print points to the nearest other printer that can (issue 15): the
// first ready printer of the admin's nearby list, by name only, in view at 800×480 and axe-clean;
// with every nearby printer down too, no suggestion at all.
/// <reference lib="dom" />
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addPrinter, setNearbyPrinters } from "../../server/admin/printers.js";
import { connectKiosk } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { asCli } from "../support/printer-destination.js";
import { axeViolations } from "./support/axe.js";
import { launchChromium, screenshot } from "./support/browser.js";
import { submitPrintJob } from "./support/print-job.js";
import { PERSON, PRINTER, startFixture, type Fixture } from "./support/fixture.js";
import { notInViewport } from "./support/in-viewport.js";
import { openScreenWithToken } from "./support/kiosk-page.js";
import { kioskStrings, type StringTable } from "./support/kiosk-strings.js";

const SYSTEM = { label: "system", role: "admin" as const };
const NEAREST = "Plan 3 Syd";
const NEXT = "Plan 2, norr";
const TITLES = ["Kallelse styrelsemöte.pdf", "Budget 2027 – förslag.pdf", "Protokoll 14 mars.pdf", "Ansökan bygglov.pdf", "Lönebesked.pdf"];

let browser: Browser;
let fixture: Fixture;
let page: Page;
let errors: string[];
let sv: StringTable;
let en: StringTable;
const sinks = new Map<string, string>();

/** Takes a printer's folder away (the file printer is then offline) and lets the server look. */
async function takeOffline(name: string): Promise<void> {
  const sink = sinks.get(name)!;
  await rename(sink, `${sink}-parked`);
  await fixture.server.refreshPrinters();
}

const banner = () => page.locator("#banner-text");

async function expectInViewAndClean(state: string): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(await notInViewport(page, ["#banner-text", "#printer-status"]), state).toEqual([]);
  expect(await axeViolations(page), state).toEqual([]);
  await screenshot(page, `kiosk-nearby-${state}-800x480`);
}

beforeAll(async () => {
  ({ sv, en } = await kioskStrings());
  browser = await launchChromium();
  // No periodic poll: a printer's state changes only when the test asks the server to look.
  fixture = await startFixture({}, {}, { printerRefreshMs: 3_600_000 });
  sinks.set(PRINTER, fixture.sinkDir);
  const { db } = fixture.server.context;
  for (const name of [NEAREST, NEXT]) {
    const sink = await mkdtemp(path.join(tmpdir(), "printvakt-sink-"));
    sinks.set(name, sink);
    await addPrinter(db, SYSTEM, { name, uri: `file://${sink}` }, asCli(fixture.server.context));
  }
  await setNearbyPrinters(db, SYSTEM, PRINTER, [NEAREST, NEXT]);
  await fixture.server.refreshPrinters();
  const kiosk = await fixture.admin.json<{ token: string }>("POST", "/api/kiosks/Plan%203%20kiosk/pairing-code");
  ({ page, errors } = await openScreenWithToken(await browser.newContext({ viewport: { width: 800, height: 480 }, bypassCSP: true }), fixture.server.baseUrl, kiosk.token));
  await page.locator("#view-idle").waitFor();
});

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
  for (const sink of sinks.values()) await rm(`${sink}-parked`, { recursive: true, force: true });
  for (const [name, sink] of sinks) if (name !== PRINTER) await rm(sink, { recursive: true, force: true });
});

describe("the nearest other printer on the kiosk at 800×480", () => {
  test("while its own printer is ready the kiosk suggests nothing", async () => {
    await page.locator("#printer-status", { hasText: sv.printerReady }).waitFor();
    expect(await page.locator("#banner").isHidden()).toBe(true);
  });

  test("its printer offline: the banner names the first nearby printer, in view and axe-clean, in both languages", async () => {
    await takeOffline(PRINTER);
    const suggestion = sv.bannerNearestPrinter!.replace("{name}", NEAREST);
    await banner().filter({ hasText: suggestion }).waitFor();
    expect(await banner().textContent()).toContain(sv.bannerPrinterOffline);
    await expectInViewAndClean("offline-suggestion");
    await page.click('.language[data-language="en"]');
    await banner().filter({ hasText: en.bannerNearestPrinter!.replace("{name}", NEAREST) }).waitFor();
    await expectInViewAndClean("offline-suggestion-en");
    await page.click('.language[data-language="sv"]');
  });

  test("logged in with five jobs under the longer banner: the newest job and the action bar stay in view", async () => {
    const ids: number[] = [];
    for (const title of TITLES) ids.push(await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title, document: makePdf({ text: title }) }));
    const agent = await connectKiosk(fixture.server.baseUrl, fixture.agentToken, "agent");
    try {
      expect(await agent.emit("card:present", { card: PERSON.card })).toMatchObject({ ok: true, outcome: "session" });
      const newest = `.job[data-id="${ids.at(-1)}"]`;
      await page.locator(newest).waitFor();
      expect(await banner().textContent()).toContain(sv.bannerNearestPrinter!.replace("{name}", NEAREST));
      expect(await notInViewport(page, ["#banner", "#session-bar", "#logout", newest, "#print-chosen", "#delete-chosen", "#select-all"])).toEqual([]);
      await expectInViewAndClean("jobs-with-suggestion");
      await page.click("#logout");
      await page.locator("#view-idle").waitFor();
    } finally {
      agent.close();
    }
  });

  test("the nearest one offline too: the next in the admin's order is named", async () => {
    await takeOffline(NEAREST);
    await banner().filter({ hasText: sv.bannerNearestPrinter!.replace("{name}", NEXT) }).waitFor();
    expect(await banner().textContent()).not.toContain(NEAREST);
  });

  test("every nearby printer offline: no suggestion, only that printing here is not possible", async () => {
    await takeOffline(NEXT);
    const nearestPrefix = sv.bannerNearestPrinter!.split("{name}")[0]!;
    await page.waitForFunction((prefix) => !document.getElementById("banner-text")!.textContent!.includes(prefix), nearestPrefix);
    expect(await banner().textContent()).toContain(sv.bannerPrinterOffline);
    expect(await page.locator("#banner").isVisible()).toBe(true);
    await expectInViewAndClean("offline-no-suggestion");
    expect(errors).toEqual([]);
  });
});
