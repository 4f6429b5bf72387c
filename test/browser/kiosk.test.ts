// The kiosk screen in Debian Chromium, end to end: pairing, a job submitted over IPP and released
// to a file:/// printer, a hostile document name shown as text, both languages, PIN, linking an
// unknown card, printer offline and server unreachable. Screenshots of each state are kept.
/// <reference lib="dom" />
import { createHash } from "node:crypto";
import { readdir, readFile, rename } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renewKioskToken } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { findJob } from "../../server/store/jobs.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { asCli } from "../support/printer-destination.js";
import { startFakeIppPrinter } from "../support/printers/fake-ipp-printer.js";
import { launchChromium, screenshot } from "./support/browser.js";
import { contrastProblems } from "./support/contrast.js";
import { KIOSK, PERSON, PRINTER, startFixture, type Fixture } from "./support/fixture.js";
import { KIOSK_VIEWPORT, openKioskPage, pairWithCode, type KioskPage } from "./support/kiosk-page.js";
import { kioskStrings, type StringTable } from "./support/kiosk-strings.js";
import { submitPrintJob } from "./support/print-job.js";
import { notInTable, visibleTexts } from "./support/visible-text.js";
import { countAudit } from "../../server/store/audit-log.js";
import { auditRows } from "../support/database-rows.js";

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

/** Every visible string is from the Swedish table, then (after "English") from the English one, then back. */
async function expectBothLanguages(): Promise<void> {
  expect(notInTable(await visibleTexts(page), strings.sv)).toEqual([]);
  await page.getByRole("button", { name: "English" }).click();
  await page.locator("html[lang=en]").waitFor({ state: "attached" });
  expect(notInTable(await visibleTexts(page), strings.en)).toEqual([]);
  await page.getByRole("button", { name: "Svenska" }).click();
  await page.locator("html[lang=sv]").waitFor({ state: "attached" });
  expect(notInTable(await visibleTexts(page), strings.sv)).toEqual([]);
}

beforeAll(async () => {
  strings = await kioskStrings();
  browser = await launchChromium();
  // The tests below go on in one session after printing: no logging out by itself (kiosk-screens tests that).
  fixture = await startFixture({ PRINTVAKT_KIOSK_LOGOUT_AFTER_PRINTING: "off" });
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
    // Connected is not news: the pill appears only when the print system cannot be reached.
    await page.locator("#server-status").waitFor({ state: "hidden" });
    await page.locator("#printer-status", { hasText: strings.sv.printerReady }).waitFor();
    await expect(page.locator("#idle-heading").textContent()).resolves.toBe(strings.sv.idleHeading);
    await screenshot(page, "kiosk-02-idle");
    await expectBothLanguages();
    agent = await connectKiosk(fixture.server.baseUrl, fixture.agentToken, "agent");
  });

  test("a card shows the person's jobs; a hostile document name is shown literally and runs nothing", async () => {
    budgetJob = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: BUDGET, document: budgetPdf, copies: 2, sides: "two-sided-long-edge", media: "iso_a5_148x210mm" });
    hostileJob = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: HOSTILE, document: makePdf({ text: "x" }) });
    const presented = await agent.emit("card:present", { card: PERSON.card });
    expect(presented).toMatchObject({ ok: true, outcome: "session" });
    await page.locator("#view-jobs").waitFor();
    await expect(page.locator("#person-name").textContent()).resolves.toBe(PERSON.displayName);
    const titles = await page.locator(".job-title").allTextContents();
    expect(titles).toEqual([HOSTILE, BUDGET]); // newest first
    expect(await page.locator("#job-list img").count()).toBe(0);
    const budgetRow = page.locator(`.job[data-id="${budgetJob}"]`);
    await expect(budgetRow.locator(".job-meta").textContent()).resolves.toContain("2 kopior");
    await expect(budgetRow.locator(".job-meta").textContent()).resolves.toContain("Dubbelsidig");
    // The paper by the name people use (review F1); a job that names none shows no paper.
    await expect(budgetRow.locator(".job-meta").textContent()).resolves.toContain("A5");
    await expect(page.locator(`.job[data-id="${hostileJob}"] .job-meta`).textContent()).resolves.not.toMatch(/A4|A5|Letter/);
    // No element was made from the title, so nothing exists that could run or fire later.
    expect(await page.evaluate(() => document.querySelectorAll("#job-list [onerror], #job-list script").length)).toBe(0);
    expect(kiosk.dialogs).toEqual([]);
    await screenshot(page, "kiosk-03-jobs");
  });

  test("at 1024×600 the job list fits: no horizontal overflow, Print buttons visible and at least 44 px", async () => {
    expect(page.viewportSize()).toEqual(KIOSK_VIEWPORT);
    const overflow = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      main: document.getElementById("main")!.scrollWidth - document.getElementById("main")!.clientWidth,
      rows: Array.from(document.querySelectorAll(".job")).map((row) => row.scrollWidth - row.clientWidth),
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
    for (const selector of ["#print-chosen", "#print-chosen-logout", "#delete-chosen", "#select-all", "#extend", "#logout", ".job .delete", ".language"]) {
      const box = (await page.locator(selector).first().boundingBox())!;
      expect(Math.min(box.height, box.width), selector).toBeGreaterThanOrEqual(44);
    }
    // The checkbox's touch target is its label (56 px square), not the box drawn inside it.
    const target = (await page.locator(".job .select").first().boundingBox())!;
    expect(Math.min(target.width, target.height)).toBeGreaterThanOrEqual(44);
  });

  test("every visible text meets WCAG AA contrast, enabled or disabled", async () => {
    expect(await contrastProblems(page)).toEqual([]);
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
    expect(english).toContain(strings.en.printAllLogout);
    await screenshot(page, "kiosk-04-jobs-english");
    await page.getByRole("button", { name: "Svenska" }).click();
    await page.locator("#jobs-heading", { hasText: strings.sv.jobsHeading }).waitFor();
    expect(notInTable(await visibleTexts(page), strings.sv)).toEqual([]);
  });

  test("Print shows the job's progress until it is printed, and the document reaches the printer byte for byte", async () => {
    const row = page.locator(`.job[data-id="${budgetJob}"]`);
    // Record every status the row shows, however briefly.
    await page.evaluate((id) => {
      const seen: string[] = [];
      (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
      const status = document.querySelector(`.job[data-id="${id}"] .job-status`)!;
      new MutationObserver(() => seen.push(status.hasAttribute("hidden") ? "" : (status.querySelector(".status-text")?.textContent ?? ""))).observe(status, { subtree: true, childList: true, characterData: true, attributes: true });
    }, budgetJob);
    // By keyboard: Tab from the top of the page to the row's Print button, then Enter.
    const print = row.locator(".print");
    await page.locator(".language").first().focus();
    for (let presses = 0; presses < 20 && !(await print.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press("Tab");
    expect(await print.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await row.locator(".job-status", { hasText: strings.sv.statePrinted }).waitFor();
    await page.locator("#announcer", { hasText: strings.sv.announcePrinted }).waitFor({ state: "attached" });
    const seen = await page.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses);
    expect(seen).toContain(strings.sv.stateSending);
    expect(seen.indexOf(strings.sv.stateSending!)).toBeLessThan(seen.indexOf(strings.sv.statePrinted!));
    // The printed job stays on screen, marked printed, with no buttons left.
    await expect(row.locator(".job-actions").isHidden()).resolves.toBe(true);
    const files = (await readdir(fixture.sinkDir)).filter((name) => name.endsWith(".pdf"));
    expect(files).toHaveLength(1);
    const printed = await readFile(path.join(fixture.sinkDir, files[0]!));
    expect(createHash("sha256").update(printed).digest("hex")).toBe(createHash("sha256").update(budgetPdf).digest("hex"));
    const sidecar = JSON.parse(await readFile(path.join(fixture.sinkDir, files[0]!.replace(/\.pdf$/, ".json")), "utf8")) as { jobName: string; template: Record<string, unknown> };
    expect(sidecar.jobName).toBe(BUDGET);
    await page.locator("#jobs-count", { hasText: "1 dokument väntar" }).waitFor();
    const released = await auditRows(fixture.server.context.db, { types: ["job.released"], subject: `job:${budgetJob}` });
    expect(released).toHaveLength(1);
    expect(kiosk.dialogs).toEqual([]);
    await screenshot(page, "kiosk-05-printed");
  });

  test("a release that fails shows the reason, and the job stays held", async () => {
    const parked = `${fixture.sinkDir}-parked`;
    const row = page.locator(`.job[data-id="${hostileJob}"]`);
    let reason = "";
    await rename(fixture.sinkDir, parked);
    try {
      await row.locator(".print").click();
      await row.locator(".job-status", { hasText: strings.sv.stateFailed }).waitFor();
      // Why, in the screen's language (the server's code looked up), and that the document is kept.
      reason = (await row.locator(".job-status .reason").textContent())!;
      expect(reason.endsWith(` ${strings.sv.failedKept}`)).toBe(true);
      expect(reason).not.toMatch(/printer|cannot|the /i);
      // The failure made the server ask the printer at once: its folder is gone, so it is offline
      // and Print waits for it (it is not "ready" until the next poll).
      await page.locator("#printer-status", { hasText: strings.sv.printerOffline }).waitFor();
      expect(await row.locator(".print").isDisabled()).toBe(true);
      expect((await findJob(fixture.server.context.db, hostileJob))?.state).toBe("held");
      expect(kiosk.dialogs).toEqual([]);
      await screenshot(page, "kiosk-06-release-failed");
    } finally {
      await rename(parked, fixture.sinkDir);
      await fixture.server.refreshPrinters();
    }
    // Back again, the printer can be chosen once the server has looked (asked for in finally, as the poll would).
    await page.locator("#printer-status", { hasText: strings.sv.printerReady }).waitFor();
    expect(await page.locator(`.job[data-id="${hostileJob}"] .print`).isEnabled()).toBe(true);
    // At the next badge the job still says why: its stored code (stateReasonCode), in the screen's language.
    await page.click("#logout");
    await page.locator("#view-idle").waitFor();
    await agent.emit("card:present", { card: PERSON.card });
    await page.locator("#view-jobs").waitFor();
    await expect(row.locator(".job-status .reason").textContent()).resolves.toBe(reason);
    await expect(row.locator(".job-status .status-text").textContent()).resolves.toBe(strings.sv.stateFailed);
  });

  test("when a release's acknowledgement is lost, Try again resends the same idempotency key and nothing prints twice", async () => {
    const jobId = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Retry me", document: makePdf({ text: "retry" }) });
    const context = await browser.newContext({ viewport: KIOSK_VIEWPORT });
    const releases: string[] = [];
    let dropAck: string | undefined;
    // Between the screen and the server: note every session:release, and lose the answer to the first.
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const text = String(message);
        const release = /^42\/kiosk,(\d+)\["session:release",/.exec(text);
        if (release) {
          releases.push(text);
          if (releases.length === 1) dropAck = `43/kiosk,${release[1]}[`;
        }
        server.send(message);
      });
      server.onMessage((message) => {
        if (dropAck !== undefined && String(message).startsWith(dropAck)) {
          dropAck = undefined;
          return;
        }
        ws.send(message);
      });
    });
    const second = await context.newPage();
    await second.goto(`${fixture.server.baseUrl}/kiosk`);
    await second.click(".token-entry summary");
    await second.fill("#token-input", (await page.evaluate(() => localStorage.getItem("printvakt.kioskToken")))!);
    await second.click("#token-form button[type=submit]");
    await second.locator("#view-idle").waitFor();
    // Anna is still logged in from the tests above: tap out, and in again so both screens show her session.
    expect(await agent.emit("card:present", { card: PERSON.card })).toMatchObject({ outcome: "logged-out" });
    expect(await agent.emit("card:present", { card: PERSON.card })).toMatchObject({ outcome: "session" });
    const row = second.locator(`.job[data-id="${jobId}"]`);
    await row.locator(".print").click();
    // The job prints (progress arrives), but the screen never hears the answer to its request.
    await row.locator(".job-status", { hasText: strings.sv.statePrinted }).waitFor();
    await second.locator("#retry-release").waitFor({ timeout: 10_000 });
    await screenshot(second, "kiosk-06b-no-answer-retry");
    await second.click("#retry-release");
    await second.locator("#retry-release").waitFor({ state: "hidden" });
    expect(releases).toHaveLength(2);
    const keyOf = (message: string) => (JSON.parse(message.slice(message.indexOf("["))) as [string, { idempotencyKey: string }])[1].idempotencyKey;
    expect(keyOf(releases[1]!)).toBe(keyOf(releases[0]!));
    const printed = await auditRows(fixture.server.context.db, { types: ["job.released"], subject: `job:${jobId}` });
    expect(printed).toHaveLength(1);
    expect((await readdir(fixture.sinkDir)).filter((name) => name.endsWith(".pdf"))).toHaveLength(2);
    await context.close();
    // Any connection of a kiosk dropping ends its session (fail closed): badge in again for the next test.
    await page.locator("#view-idle").waitFor();
    expect(await agent.emit("card:present", { card: PERSON.card })).toMatchObject({ outcome: "session" });
    await page.locator("#view-jobs").waitFor();
  });

  test("Delete takes two taps and removes the job; Log out returns to the idle screen", async () => {
    const row = page.locator(`.job[data-id="${hostileJob}"]`);
    await row.locator(".delete").click();
    await row.locator(".delete", { hasText: strings.sv.deleteConfirm }).waitFor();
    await row.locator(".delete").click();
    await row.waitFor({ state: "detached" });
    const job = await findJob(fixture.server.context.db, hostileJob);
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
    await screenshot(page, "kiosk-07-pin");
    await page.click("#pin-form button[type=submit]");
    await page.locator("#pin-message", { hasText: strings.sv.pinWrongLeft!.replace("{count}", "4") }).waitFor();
    await expectBothLanguages();
    await page.locator("#pin-input").focus();
    await page.keyboard.type("4711");
    await page.keyboard.press("Enter");
    await page.locator("#view-jobs").waitFor();
    await page.locator("#jobs-empty", { hasText: strings.sv.jobsEmpty }).waitFor();
    await page.click("#logout");
    await page.locator("#view-idle").waitFor();
  });

  test("too many wrong PINs lock the account: the screen says so in words, and a new badge is refused", async () => {
    await addUser(fixture.server.context.db, { label: "system", role: "admin" }, fixture.server.context, { username: "cecilia", displayName: "Cecilia Ek", cards: ["55667788"], pin: "2468" });
    await agent.emit("card:present", { card: "55667788" });
    await page.locator("#view-pin").waitFor();
    const failures = () => countAudit(fixture.server.context.db, { types: ["pin.failed"], subject: "user:cecilia" });
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.locator("#pin-input").fill("0000");
      await page.keyboard.press("Enter");
      // Wait for the server to have counted this attempt: the message of the previous one may
      // still be on screen, and an Enter while a check is in flight is (rightly) not a new try.
      for (let polls = 0; (await failures()) < attempt; polls++) {
        if (polls > 300) throw new Error(`attempt ${attempt} was never counted`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (attempt < 5) await page.locator("#pin-message", { hasText: strings.sv.pinWrongLeft!.replace("{count}", String(5 - attempt)) }).waitFor();
    }
    await page.locator("#view-locked").waitFor();
    await expect(page.locator("#locked-heading").textContent()).resolves.toContain(strings.sv.lockedHeading);
    await screenshot(page, "kiosk-07b-locked");
    expect(await agent.emit("card:present", { card: "55667788" })).toMatchObject({ ok: false, error: { code: "locked" } });
    await page.click("#locked-back");
    await page.locator("#view-idle").waitFor();
  });

  test("an unknown card can be linked with a one-time enrolment code, which opens a session", async () => {
    const { code } = await fixture.admin.json<{ code: string }>("POST", `/api/users/${PERSON.username}/enrolment-codes`);
    await agent.emit("card:present", { card: "04A1B2C3D4" });
    await page.locator("#view-link").waitFor();
    // The code alone says whose it is; a keyboard, where there is one, types it like the screen's keys.
    await page.locator("#link-code").pressSequentially(`${code.slice(0, 5).toLowerCase()} ${code.slice(5)}`);
    expect(await page.locator("#link-code").inputValue()).toBe(code);
    await screenshot(page, "kiosk-08-link-card");
    await expectBothLanguages();
    await page.click("#link-form button[type=submit]");
    await page.locator("#view-jobs").waitFor();
    await expect(page.locator("#person-name").textContent()).resolves.toBe(PERSON.displayName);
    const linked = await auditRows(fixture.server.context.db, { types: ["card.linked"], actor: `user:${PERSON.username}` });
    expect(linked).toHaveLength(1);
    await page.click("#logout");
    await page.locator("#view-idle").waitFor();
  });

  test("while the printer is busy the job shows as waiting, with the reason and the next try, then printed", async () => {
    const busy = await startFakeIppPrinter({ busyForMs: 2_500 });
    try {
      await addPrinter(fixture.server.context.db, { label: "system", role: "admin" }, { name: "Plan 5", uri: busy.uri }, asCli(fixture.server.context));
      await fixture.server.refreshPrinters();
      const created = await fixture.admin.json<{ token: string }>("POST", "/api/kiosks", { name: "Plan 5 kiosk", printer: "Plan 5" });
      const other = await openKioskPage(browser, fixture);
      await other.page.evaluate((token) => localStorage.setItem("printvakt.kioskToken", token), created.token);
      await other.page.reload();
      await other.page.locator("#view-idle").waitFor();
      const otherAgent = await connectKiosk(fixture.server.baseUrl, await renewKioskToken(fixture.server.context.db, { label: "system", role: "admin" }, "Plan 5 kiosk", "agent", "cli"), "agent");
      const document = makePdf({ text: "Kallelse" });
      const jobId = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Kallelse", document });
      await otherAgent.emit("card:present", { card: PERSON.card });
      const row = other.page.locator(`.job[data-id="${jobId}"]`);
      await row.locator(".print").click();
      await row.locator(".job-status", { hasText: strings.sv.stateWaiting }).waitFor();
      const reason = (await row.locator(".job-status .reason").textContent()) ?? "";
      // "Skrivaren är upptagen. Nytt försök kl. 14:05:30.": the reason, and the time to the second.
      expect(reason.startsWith(strings.sv.waitingBusy!.split("{time}")[0]!)).toBe(true);
      expect(reason).toMatch(/\d{2}:\d{2}:\d{2}\.$/);
      expect(await row.locator(".print").isDisabled()).toBe(true);
      expect(await contrastProblems(other.page)).toEqual([]);
      await screenshot(other.page, "kiosk-08b-waiting-for-busy-printer");
      await row.locator(".job-status", { hasText: strings.sv.statePrinted }).waitFor({ timeout: 20_000 });
      expect(busy.deliveries().map((bytes) => createHash("sha256").update(bytes).digest("hex"))).toEqual([createHash("sha256").update(document).digest("hex")]);
      otherAgent.close();
      await other.page.context().close();
    } finally {
      await busy.stop();
    }
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
    const otherAgent = await connectKiosk(fixture.server.baseUrl, await renewKioskToken(fixture.server.context.db, { label: "system", role: "admin" }, "Plan 4 kiosk", "agent", "cli"), "agent");
    await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Protokoll", document: makePdf() });
    await otherAgent.emit("card:present", { card: PERSON.card });
    await other.page.locator("#view-jobs").waitFor();
    expect(await other.page.locator(".job .print").first().isDisabled()).toBe(true);
    expect(await other.page.locator("#print-chosen").isDisabled()).toBe(true);
    expect(await other.page.locator(".job .delete").first().isEnabled()).toBe(true);
    expect(await contrastProblems(other.page)).toEqual([]);
    await screenshot(other.page, "kiosk-09-printer-offline");
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
    // No stale "ready": the printer's state is not shown while it cannot be known.
    await page.locator("#printer-status").waitFor({ state: "hidden" });
    expect(await page.locator("#view-idle").isHidden()).toBe(true);
    // The views are inert, not <main>: the main landmark and the offline heading stay for screen readers.
    expect(await page.evaluate(() => Array.from(document.querySelectorAll("main > .view:not(#view-offline)")).every((view) => (view as HTMLElement).inert))).toBe(true);
    expect(await page.locator("#session-bar").isHidden()).toBe(true);
    expect(kiosk.errors.filter((error) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(error))).toEqual([]);
    expect(await contrastProblems(page)).toEqual([]);
    await screenshot(page, "kiosk-10-server-unreachable");
    // The language switch is the one control left, and it still works.
    await expectBothLanguages();
  });
});
