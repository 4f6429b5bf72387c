// The incident view in Debian Chromium at 1366×768 and 1920×1080: an auditor reads one person's
// timeline in Swedish and English (cards by ending, the time zone said), and finds a job by its
// title, which is refused beside the field without a reason. What matters must be on screen, not
// merely in the page; axe-core finds nothing; screenshots go to test-results/screenshots/.
import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadOrCreateCheckpointKey } from "../../server/audit/checkpoint-key.js";
import { verifyEvidence } from "../../server/audit/evidence.js";
import { auditEntries } from "../support/database-rows.js";
import { makePdf } from "../support/pdf.js";
import { releaseAtKiosk } from "../support/release-at-kiosk.js";
import { axeViolations } from "./support/axe.js";
import { launchChromium, screenshot } from "./support/browser.js";
import { AUDITOR, PERSON, startFixture, type Fixture } from "./support/fixture.js";
import { notInViewport } from "./support/in-viewport.js";
import { openSwedishConsole, unexpectedErrors } from "./support/swedish-console.js";
import { submitPrintJob } from "./support/print-job.js";

const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const TITLE = "Orosanmälan Bertil.pdf";
const ENDING = `…${PERSON.card.slice(-4)}`;

let browser: Browser;
let fixture: Fixture;
let releasedJob: number;

beforeAll(async () => {
  browser = await launchChromium();
  fixture = await startFixture();
  releasedJob = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: TITLE, document: makePdf() });
  await releaseAtKiosk(fixture.server.baseUrl, fixture.agentToken, PERSON.card, releasedJob, "incident-browser");
});

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});



describe.each(VIEWPORTS)("the incident view at $width×$height", (viewport) => {
  const size = `${viewport.width}x${viewport.height}`;

  test("a person's timeline, reached from People, reads as sentences in Swedish and English with the card by its ending", async () => {
    const { page, dialogs, errors } = await openSwedishConsole(browser, fixture.server.baseUrl, viewport, AUDITOR);
    await page.getByRole("link", { name: "Personer" }).click();
    await page.getByRole("link", { name: PERSON.username, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: `Tidslinje för ${PERSON.username}` }).waitFor();
    await page.locator("#person-timeline li").first().waitFor();
    const lines = await page.locator("#person-timeline li").allTextContents();
    expect(lines.find((line) => line.startsWith(`Utskrift ${releasedJob}: Skickad`))).toMatch(/ från 127\.0\.0\.1$/);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^Inloggad vid Plan 3 kiosk .+ med kort ${ENDING}$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^Utskrift ${releasedJob}: Utskriven på Plan 3 .+ \\(kiosk Plan 3 kiosk\\) med kort ${ENDING}$`)));
    expect(lines).toContainEqual(`Kort ${ENDING} kopplat ${lines.find((line) => line.startsWith("Kort "))!.split(" kopplat ")[1]}`);
    expect(lines.join("\n")).not.toContain(PERSON.card);
    expect(await page.locator("#person-timeline-zone").textContent()).toMatch(/^Tider i [A-Za-z_]+(\/[A-Za-z_]+)*\.$/);
    expect(await page.locator("#person-timeline-summary").textContent()).toBe(`${PERSON.displayName}: ${lines.length} poster, äldst först.`);
    // What an auditor came for is on screen without scrolling: heading, zone, the first lines.
    expect(await notInViewport(page, ["#page h1", "#person-timeline-zone", "#person-timeline li:nth-child(1)", "#person-timeline li:nth-child(3)"])).toEqual([]);
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe("Granskningslogg");
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `console-70-person-timeline-sv-auditor-${size}`);
    // The person's signed evidence downloads from the timeline and verifies with the server's public key.
    expect(await notInViewport(page, ["a[data-evidence]"])).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Ladda ner signerat bevis (JSON)" }).click()]);
    expect(download.suggestedFilename()).toBe(`printvakt-evidence-person-${PERSON.username}.json`);
    const evidence = JSON.parse(await readFile((await download.path())!, "utf8")) as unknown;
    const key = await loadOrCreateCheckpointKey(fixture.server.context.config.auditKeyFile);
    expect(verifyEvidence(evidence, [key.publicKeyPem])).toMatchObject({ ok: true, entries: lines.length, selection: { person: PERSON.username } });

    await page.getByLabel("Språk").selectOption("en");
    await page.getByRole("heading", { level: 1, name: `Timeline of ${PERSON.username}` }).waitFor();
    await page.locator("#person-timeline li").first().waitFor();
    const english = await page.locator("#person-timeline li").allTextContents();
    expect(english).toContainEqual(expect.stringMatching(new RegExp(`^Job ${releasedJob}: Printed at Plan 3 .+ \\(kiosk Plan 3 kiosk\\) by card ${ENDING}$`)));
    expect(english).toContainEqual(expect.stringMatching(new RegExp(`^Logged in at Plan 3 kiosk .+ with card ${ENDING}$`)));
    expect(await page.locator("#person-timeline-zone").textContent()).toMatch(/^Times in /);
    expect(await notInViewport(page, ["#page h1", "#person-timeline-zone", "#person-timeline li:nth-child(1)"])).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `console-71-person-timeline-en-auditor-${size}`);
    expect(dialogs).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
    await page.context().close();
  });

  test("a title search without a reason is refused beside the field; with one it finds the job and opens its timeline", async () => {
    const { page, dialogs, errors } = await openSwedishConsole(browser, fixture.server.baseUrl, viewport, AUDITOR);
    await page.goto(`${fixture.server.baseUrl}/admin#/audit`);
    await page.locator("#audit-summary").waitFor();
    const searchesBefore = (await auditEntries(fixture.server.context.db, ["audit.title-searched"])).length;
    const form = page.locator("#title-search");
    await form.getByLabel("Titel").fill(TITLE);
    await form.getByRole("button", { name: "Hitta på titel" }).click();
    expect(await page.locator("#title-search-reason-error").textContent()).toBe("Ange ett skäl för att söka på titlar.");
    expect(await form.getByLabel("Skäl").getAttribute("aria-invalid")).toBe("true");
    expect(await notInViewport(page, ["#title-search-reason-error", "#title-search button[type=submit]"])).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `console-72-title-search-no-reason-auditor-${size}`);
    expect(await auditEntries(fixture.server.context.db, ["audit.title-searched"])).toHaveLength(searchesBefore);

    await form.getByLabel("Skäl").fill("Ärende 118: anmälan hittad i skrivaren på plan 3");
    await form.getByRole("button", { name: "Hitta på titel" }).click();
    await page.locator("#title-search-summary").waitFor();
    expect(await page.locator("#title-search-summary").textContent()).toBe("Utskrifter med den titeln: 1");
    expect(await page.locator("#title-search-results li").first().textContent()).toMatch(new RegExp(`^Utskrift ${releasedJob} av ${PERSON.username}, skickad .+ \\(utskriven\\) `));
    expect(await notInViewport(page, ["#title-search-summary", "#title-search-results li"])).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `console-73-title-search-found-auditor-${size}`);
    expect(await auditEntries(fixture.server.context.db, ["audit.title-searched"])).toHaveLength(searchesBefore + 1);

    await page.getByRole("button", { name: `Tidslinje för utskrift ${releasedJob}` }).click();
    await page.locator("#job-timeline li").first().waitFor();
    expect(await page.locator("#job-timeline li").allTextContents()).toEqual([expect.stringMatching(/^Skickad .+ från 127\.0\.0\.1$/), expect.stringMatching(new RegExp(`^Utskriven på Plan 3 .+ med kort ${ENDING}$`))]);
    // The timeline comes into view by itself (focus moves to its heading).
    expect(await notInViewport(page, ["#job-timeline-heading", "#job-timeline li:nth-child(2)"])).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `console-74-title-search-job-timeline-auditor-${size}`);
    expect(dialogs).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
    await page.context().close();
  });
});
