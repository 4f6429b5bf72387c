// The status view of /kiosk on a reader-only kiosk (--release-on-badge), at 800×480, 1024×600 and
// 1280×800 at once: after each badge it says what happened in large plain words — printing N, PIN
// needed, card unknown — with a beep per outcome (PRINTVAKT_KIOSK_STATUS_SOUND), and never shows a
// document title or a name. Per state: the outcome inside the viewport, axe-core clean, screenshots.
/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { asCli } from "../support/printer-destination.js";
import { startFakeIppPrinter, type FakeIppPrinter, type FakePrinterOptions } from "../support/printers/fake-ipp-printer.js";
import { launchChromium } from "./support/browser.js";
import { PERSON, startFixture, type Fixture } from "./support/fixture.js";
import { notInViewport } from "./support/in-viewport.js";
import { checkPanel, openPanels, stopPanelSuite, type KioskPanel } from "./support/kiosk-panels.js";
import { kioskStrings, type StringTable } from "./support/kiosk-strings.js";
import { submitPrintJob } from "./support/print-job.js";

const SYSTEM = { label: "system", role: "admin" as const };
const PIN_PERSON = { username: "bo", displayName: "Bo Bergström", card: "946EBD28", pin: "4711" };
const TITLES = ["Journalanteckning Klient 19850312.docx", "Lönebesked december.pdf"];
const NAMES = ["Anna", "Andersson", "Bo", "Bergström"];
const IN_VIEW = ["#status-heading", "#status-detail", "#printer-name", ".languages"];

const printerOptions: FakePrinterOptions = { jobState: { state: 5, reasons: ["job-printing"] } };
let printer: FakeIppPrinter;
let browser: Browser;
let fixture: Fixture;
let agent: KioskClient;
let sv: StringTable;
let en: StringTable;
let screens: KioskPanel[] = [];

/** Waits for the heading text on every screen, then checks each: the detail line, in view, axe-clean, screenshot. */
async function expectStatus(state: string, heading: string, detail: string): Promise<void> {
  for (const screen of screens) {
    await screen.page.locator("#status-heading", { hasText: heading }).waitFor();
    expect(await screen.page.locator("#status-detail").textContent(), `${state} at ${screen.name}`).toBe(detail);
    await checkPanel(screen, state, detail === "" ? IN_VIEW.filter((selector) => selector !== "#status-detail") : IN_VIEW, `kiosk-status-${state}`);
  }
}

/** The frequencies of every tone the page started since the last call (see the init script). */
const takeBeeps = (page: Page) => page.evaluate(() => (window as unknown as { beeps: number[] }).beeps.splice(0));

async function noTitleOrName(): Promise<void> {
  for (const { page, name } of screens) {
    const text = await page.evaluate(() => document.body.textContent ?? "");
    for (const secret of [...TITLES, ...NAMES]) expect(text, `${secret} at ${name}`).not.toContain(secret);
  }
}

beforeAll(async () => {
  ({ sv, en } = await kioskStrings());
  browser = await launchChromium();
  fixture = await startFixture({ PRINTVAKT_KIOSK_STATUS_SOUND: "true" }, {}, { printerDrivers: { ipp: { pollIntervalMs: 100 } } });
  // A printer that keeps each job "processing" until a test lets it finish, so "printing" stays on screen.
  printer = await startFakeIppPrinter(printerOptions);
  const { db } = fixture.server.context;
  await addPrinter(db, SYSTEM, { name: "Plan 7", uri: printer.uri }, asCli(fixture.server.context));
  await fixture.server.refreshPrinters();
  const tokens = await addKiosk(db, SYSTEM, { name: "Plan 7 reader", printer: "Plan 7", releaseOnBadge: true }, "cli");
  agent = await connectKiosk(fixture.server.baseUrl, tokens.agentToken!, "agent");
  await addUser(db, SYSTEM, fixture.server.context, { username: PIN_PERSON.username, displayName: PIN_PERSON.displayName, cards: [PIN_PERSON.card], pin: PIN_PERSON.pin });
  // The init script notes each tone the page plays.
  screens = await openPanels(browser, fixture.server.baseUrl, tokens.token, (context) =>
    context.addInitScript(() => {
      const beeps: number[] = [];
      (window as unknown as { beeps: number[] }).beeps = beeps;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
        beeps.push(this.frequency.value);
        return start.call(this, when);
      };
    }),
  );
});

afterAll(() => stopPanelSuite({ agent, browser, printer, fixture }));

describe("the status view of a reader-only kiosk at 800×480, 1024×600 and 1280×800", () => {
  test("waiting for a card: the prompt and the printer, no job list, PIN pad or link form", async () => {
    await expectStatus("prompt", sv.idleHeading!, sv.statusHint!);
    for (const { page } of screens) {
      for (const view of ["#view-idle", "#view-jobs", "#view-pin", "#view-link"]) expect(await page.locator(view).isHidden(), view).toBe(true);
    }
  });

  test("a badge prints: 'printing 1', the job with its own PIN is named only as a count, one high beep, then 'done'", async () => {
    await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: TITLES[0]!, document: makePdf() });
    await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: TITLES[1]!, document: makePdf(), jobPassword: "2580" });
    for (const { page } of screens) await takeBeeps(page);
    expect(await agent.emit("card:present", { card: PERSON.card })).toMatchObject({ ok: true, outcome: "claimed", claimed: 1, kept: 1 });
    await expectStatus("printing", sv.badgePrintingOne!, sv.badgeNeedPinTooOne!);
    await noTitleOrName();
    printerOptions.jobState = undefined; // the printer finishes the job
    await expectStatus("printed", sv.finishedPrinted!, "");
    // One high beep for the badge, another for the printing done.
    for (const { page, name } of screens) expect(await takeBeeps(page), name).toEqual([880, 880]);
  });

  test("a card with a PIN account: 'PIN needed, use a kiosk with a screen', two beeps, no name", async () => {
    expect(await agent.emit("card:present", { card: PIN_PERSON.card })).toMatchObject({ ok: true, outcome: "pin-required" });
    await expectStatus("pin-needed", sv.badgePinNeeded!, sv.badgeUseScreenKiosk!);
    await noTitleOrName();
    for (const { page, name } of screens) expect(await takeBeeps(page), name).toEqual([660, 660]);
  });

  test("an unknown card: said plainly, one low beep, no link form; in English on the screen switched to it", async () => {
    await screens[0]!.page.getByRole("button", { name: "English" }).click();
    expect(await agent.emit("card:present", { card: "04A1B2C3D4" })).toEqual({ ok: true, outcome: "unknown-card" });
    await screens[0]!.page.locator("#status-heading", { hasText: en.badgeCardUnknown }).waitFor();
    expect(await screens[0]!.page.locator("#status-detail").textContent()).toBe(en.badgeCardUnknownDetail);
    await screens[0]!.page.getByRole("button", { name: "Svenska" }).click();
    await expectStatus("card-unknown", sv.badgeCardUnknown!, sv.badgeCardUnknownDetail!);
    for (const { page, name } of screens) {
      expect(await takeBeeps(page), name).toEqual([220]);
      expect(await page.locator("#view-link").isHidden()).toBe(true);
    }
  });

  test("a jammed printer: the banner says so without offering to delete anything, and the badge's outcome stays in view", async () => {
    printerOptions.printerState = { state: 5, reasons: ["media-jam-error"] };
    await fixture.server.refreshPrinters();
    for (const { page } of screens) await page.locator("#banner", { hasText: sv.bannerPrinterOfflineStatus }).waitFor();
    expect(await agent.emit("card:present", { card: PIN_PERSON.card })).toMatchObject({ ok: true, outcome: "pin-required" });
    for (const { page } of screens) await page.locator("#status-heading", { hasText: sv.badgePinNeeded }).waitFor();
    await expectStatus("printer-jammed", sv.badgePinNeeded!, sv.badgeUseScreenKiosk!);
    for (const { page, name } of screens) {
      expect(await notInViewport(page, ["#banner"]), name).toEqual([]);
      expect(await page.locator("#banner-text").textContent(), name).toContain("papperet har fastnat");
      expect(await page.locator("#banner-text").textContent(), name).not.toContain("ta bort");
    }
    printerOptions.printerState = undefined;
    await fixture.server.refreshPrinters();
  });

  test("the pages threw nothing", () => {
    for (const { name, errors } of screens) expect(errors, name).toEqual([]);
  });
});
