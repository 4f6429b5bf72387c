// The kiosk screen in Debian Chromium, end to end: pairing, a job submitted over IPP and released
// to a file:/// printer, a hostile document name shown as text, both languages, PIN, linking an
// unknown card, printer offline and server unreachable. Screenshots of each state are kept.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addUser } from "../../server/admin/users.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { launchChromium, screenshot } from "./support/browser.js";
import { KIOSK, PERSON, PRINTER, startFixture, type Fixture } from "./support/fixture.js";
import { KIOSK_VIEWPORT, openKioskPage, pairWithCode, type KioskPage } from "./support/kiosk-page.js";
import { kioskStrings, type StringTable } from "./support/kiosk-strings.js";
import { submitPrintJob } from "./support/print-job.js";
import { notInTable, visibleTexts } from "./support/visible-text.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const BUDGET = "Budget 2027 – förslag.pdf";

let browser: Browser;
let fixture: Fixture;
let strings: { sv: StringTable; en: StringTable };
let kiosk: KioskPage;
let page: Page;
let agent: KioskClient;
const budgetPdf = makePdf({ pages: 3, text: "Budget 2027" });
let budgetJob: number;
let hostileJob: number;

beforeAll(async () => {
  strings = await kioskStrings();
  browser = await launchChromium();
  fixture = await startFixture();
  kiosk = await openKioskPage(browser, fixture);
  page = kiosk.page;
});

afterAll(async () => {
  agent?.close();
  await browser?.close();
  await fixture?.stop();
});

describe("the kiosk screen", () => {
  test("starts unpaired and pairs with a one-time code; the token lives in localStorage, not the URL", async () => {
    await page.locator("#view-setup").waitFor();
    await screenshot(page, "kiosk-01-setup");
    const token = await pairWithCode(page, fixture, KIOSK);
    expect(await page.evaluate(() => localStorage.getItem("printvakt.kioskToken"))).toBe(token);
    expect(page.url()).toBe(`${fixture.server.baseUrl}/kiosk/`);
    await expect(page.locator("#printer-name").textContent()).resolves.toBe(PRINTER);
    await page.locator("#server-status", { hasText: strings.sv.serverOnline }).waitFor();
    await page.locator("#printer-status", { hasText: strings.sv.printerReady }).waitFor();
    await expect(page.locator("#idle-heading").textContent()).resolves.toBe(strings.sv.idleHeading);
    await screenshot(page, "kiosk-02-idle");
    agent = await connectKiosk(fixture.server.baseUrl, token, "agent");
  });

  test("a card shows the person's jobs; a hostile document name is shown literally and runs nothing", async () => {
    budgetJob = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: BUDGET, document: budgetPdf, copies: 2, sides: "two-sided-long-edge" });
    hostileJob = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: HOSTILE, document: makePdf({ text: "x" }) });
    const presented = await agent.emit("card:present", { card: PERSON.card });
    expect(presented).toMatchObject({ ok: true, outcome: "session" });
    await page.locator("#view-jobs").waitFor();
    await expect(page.locator("#person-name").textContent()).resolves.toBe(PERSON.displayName);
    const titles = await page.locator(".job-title").allTextContents();
    expect(titles).toEqual([BUDGET, HOSTILE]);
    expect(await page.locator("#job-list img").count()).toBe(0);
    const budgetRow = page.locator(`.job[data-id="${budgetJob}"]`);
    await expect(budgetRow.locator(".job-meta").textContent()).resolves.toContain("2 kopior");
    await expect(budgetRow.locator(".job-meta").textContent()).resolves.toContain("Dubbelsidig");
    await page.waitForTimeout(300);
    expect(kiosk.dialogs).toEqual([]);
    await screenshot(page, "kiosk-03-jobs");
  });

  test("at 1024×600 the job list fits: no horizontal overflow, Print buttons visible and at least 44 px", async () => {
    expect(page.viewportSize()).toEqual(KIOSK_VIEWPORT);
    const overflow = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      main: document.getElementById("main")!.scrollWidth - document.getElementById("main")!.clientWidth,
      rows: [...document.querySelectorAll(".job")].map((row) => row.scrollWidth - row.clientWidth),
    }));
    expect(overflow.document).toBeLessThanOrEqual(0);
    expect(overflow.main).toBeLessThanOrEqual(0);
    expect(overflow.rows.every((extra) => extra <= 0)).toBe(true);
    for (const button of await page.locator(".job .print").all()) {
      const box = (await button.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width).toBeLessThanOrEqual(KIOSK_VIEWPORT.width);
      expect(box.y + box.height).toBeLessThanOrEqual(KIOSK_VIEWPORT.height);
    }
    for (const selector of ["#print-all", "#print-selected", "#extend", "#logout", ".job .delete", ".language"]) {
      const box = (await page.locator(selector).first().boundingBox())!;
      expect(Math.min(box.height, box.width), selector).toBeGreaterThanOrEqual(44);
    }
    // The checkbox's touch target is its label (56 px square), not the box drawn inside it.
    const target = (await page.locator(".job .select").first().boundingBox())!;
    expect(Math.min(target.width, target.height)).toBeGreaterThanOrEqual(44);
  });

  test("the language switch changes every visible string, and back", async () => {
    const swedish = await visibleTexts(page);
    expect(notInTable(swedish, strings.sv)).toEqual([]);
    await page.getByRole("button", { name: "English" }).click();
    await page.locator("#jobs-heading", { hasText: strings.en.jobsHeading }).waitFor();
    const english = await visibleTexts(page);
    expect(notInTable(english, strings.en)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    // Strings that differ between the tables really changed on screen.
    const swedishOnly = swedish.filter((text) => notInTable([text], strings.en).length === 1);
    expect(swedishOnly.length).toBeGreaterThan(8);
    expect(english.filter((text) => swedishOnly.includes(text))).toEqual([]);
    expect(english).toContain(strings.en.printAll);
    await screenshot(page, "kiosk-04-jobs-english");
    await page.getByRole("button", { name: "Svenska" }).click();
    await page.locator("#jobs-heading", { hasText: strings.sv.jobsHeading }).waitFor();
    expect(notInTable(await visibleTexts(page), strings.sv)).toEqual([]);
  });

  test("Print shows the job's progress until it is printed, and the document reaches the printer byte for byte", async () => {
    const row = page.locator(`.job[data-id="${budgetJob}"]`);
    await row.locator(".print").click();
    await row.locator(".job-status", { hasText: strings.sv.statePrinted }).waitFor();
    // The printed job stays on screen, marked printed, with no buttons left.
    await expect(row.locator(".job-actions").isHidden()).resolves.toBe(true);
    const files = (await readdir(fixture.sinkDir)).filter((name) => name.endsWith(".pdf"));
    expect(files).toHaveLength(1);
    const printed = await readFile(path.join(fixture.sinkDir, files[0]!));
    expect(createHash("sha256").update(printed).digest("hex")).toBe(createHash("sha256").update(budgetPdf).digest("hex"));
    const sidecar = JSON.parse(await readFile(path.join(fixture.sinkDir, files[0]!.replace(/\.pdf$/, ".json")), "utf8")) as { jobName: string; template: Record<string, unknown> };
    expect(sidecar.jobName).toBe(BUDGET);
    await page.locator("#jobs-count", { hasText: "1 dokument väntar" }).waitFor();
    const released = await fixture.server.context.db.prisma.auditEntry.findMany({ where: { type: "job.released", subject: `job:${budgetJob}` } });
    expect(released).toHaveLength(1);
    expect(kiosk.dialogs).toEqual([]);
    await screenshot(page, "kiosk-05-printed");
  });

  test("Delete takes two taps and removes the job; Log out returns to the idle screen", async () => {
    const row = page.locator(`.job[data-id="${hostileJob}"]`);
    await row.locator(".delete").click();
    await row.locator(".delete", { hasText: strings.sv.deleteConfirm }).waitFor();
    await row.locator(".delete").click();
    await row.waitFor({ state: "detached" });
    const job = await fixture.server.context.db.prisma.job.findUnique({ where: { id: hostileJob } });
    expect(job?.state).toBe("deleted");
    await page.click("#logout");
    await page.locator("#view-idle").waitFor();
    await page.locator("#idle-message", { hasText: strings.sv.endedLogout }).waitFor();
    expect(await page.locator("#session-bar").isHidden()).toBe(true);
  });

  test("a card with a PIN gets the PIN pad; a wrong PIN is refused, the right one typed on a keyboard opens the jobs", async () => {
    await addUser(fixture.server.context.db, { label: "system", role: "admin" }, fixture.server.context, { username: "bo", displayName: "Bo Berg", cards: ["946EBD28"], pin: "4711" });
    await agent.emit("card:present", { card: "946EBD28" });
    await page.locator("#view-pin").waitFor();
    await expect(page.locator("#pin-heading").textContent()).resolves.toBe(strings.sv.pinHeading);
    for (const digit of "1234") await page.click(`.keypad [data-digit="${digit}"]`);
    await screenshot(page, "kiosk-06-pin");
    await page.click("#pin-form button[type=submit]");
    await page.locator("#pin-message", { hasText: strings.sv.pinWrong }).waitFor();
    await page.locator("#pin-input").focus();
    await page.keyboard.type("4711");
    await page.keyboard.press("Enter");
    await page.locator("#view-jobs").waitFor();
    await page.locator("#jobs-empty", { hasText: strings.sv.jobsEmpty }).waitFor();
    await page.click("#logout");
    await page.locator("#view-idle").waitFor();
  });

  test("an unknown card can be linked with a one-time enrolment code, which opens a session", async () => {
    const { code } = await fixture.admin.json<{ code: string }>("POST", `/api/users/${PERSON.username}/enrolment-codes`);
    await agent.emit("card:present", { card: "04A1B2C3D4" });
    await page.locator("#view-link").waitFor();
    await page.fill("#link-username", PERSON.username);
    await page.getByLabel(strings.sv.linkKindCode).check();
    await page.locator("#link-secret-label", { hasText: strings.sv.linkSecretCode }).waitFor();
    // Typed the way people copy from a note: lower case, with a space.
    await page.fill("#link-secret", `${code.slice(0, 5).toLowerCase()} ${code.slice(5)}`);
    await screenshot(page, "kiosk-07-link-card");
    await page.click("#link-form button[type=submit]");
    await page.locator("#view-jobs").waitFor();
    await expect(page.locator("#person-name").textContent()).resolves.toBe(PERSON.displayName);
    const linked = await fixture.server.context.db.prisma.auditEntry.findMany({ where: { type: "card.linked", actor: `user:${PERSON.username}` } });
    expect(linked).toHaveLength(1);
    await page.click("#logout");
    await page.locator("#view-idle").waitFor();
  });

  test("a kiosk whose printer is offline says so and offers no printing (paired by entering the token)", async () => {
    await fixture.admin.json("POST", "/api/printers", { name: "Plan 4", uri: "ipp://127.0.0.1:9/ipp/print" });
    const created = await fixture.admin.json<{ token: string }>("POST", "/api/kiosks", { name: "Plan 4 kiosk", printer: "Plan 4" });
    await expect.poll(async () => (await fixture.admin.json<{ name: string; state: string }[]>("GET", "/api/printers")).find((printer) => printer.name === "Plan 4")?.state, { timeout: 20_000 }).toBe("offline");
    const other = await openKioskPage(browser, fixture);
    await other.page.locator("#view-setup").waitFor();
    await other.page.click(".token-entry summary");
    await other.page.fill("#token-input", created.token);
    await other.page.click("#token-form button[type=submit]");
    await other.page.locator("#view-idle").waitFor();
    await other.page.locator("#banner", { hasText: strings.sv.bannerPrinterOffline }).waitFor();
    await other.page.locator("#printer-status", { hasText: strings.sv.printerOffline }).waitFor();
    const otherAgent = await connectKiosk(fixture.server.baseUrl, created.token, "agent");
    await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Protokoll", document: makePdf() });
    await otherAgent.emit("card:present", { card: PERSON.card });
    await other.page.locator("#view-jobs").waitFor();
    expect(await other.page.locator(".job .print").first().isDisabled()).toBe(true);
    expect(await other.page.locator("#print-all").isDisabled()).toBe(true);
    expect(await other.page.locator(".job .delete").first().isEnabled()).toBe(true);
    await screenshot(other.page, "kiosk-08-printer-offline");
    otherAgent.close();
    await other.page.context().close();
  });

  test("when the server is unreachable the screen says so and nothing can be operated", async () => {
    await agent.emit("card:present", { card: PERSON.card });
    await page.locator("#view-jobs").waitFor();
    await fixture.stop();
    await page.locator("#banner", { hasText: strings.sv.bannerServerOffline }).waitFor();
    await page.locator("#server-status", { hasText: strings.sv.serverOffline }).waitFor();
    // Fail closed: the session is gone from the screen, nothing invites a tap, and the main area is inert.
    await page.locator("#view-offline").waitFor();
    await page.locator("#printer-status", { hasText: strings.sv.printerUnknown }).waitFor();
    expect(await page.locator("#view-idle").isHidden()).toBe(true);
    expect(await page.evaluate(() => document.getElementById("main")!.inert)).toBe(true);
    expect(await page.locator("#session-bar").isHidden()).toBe(true);
    expect(kiosk.errors.filter((error) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(error))).toEqual([]);
    await screenshot(page, "kiosk-09-server-unreachable");
  });
});
