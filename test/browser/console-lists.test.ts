// People and Held jobs with more than a page of each, in Debian Chromium at 1366×768 and
// 1920×1080: the first page says how many there are, "Nästa" shows the next page from its top,
// a search by the start of a name or a job number narrows the list; what matters is on screen,
// axe-core finds nothing, and screenshots go to test-results/screenshots/.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { axeViolations } from "./support/axe.js";
import { launchChromium, screenshot } from "./support/browser.js";
import { ADMIN, AUDITOR, startFixture, type Fixture } from "./support/fixture.js";
import { notInViewport } from "./support/in-viewport.js";
import { openSwedishConsole, unexpectedErrors } from "./support/swedish-console.js";
import { seedHeldJobs, seedPeople, seededPerson } from "../support/seed-console-lists.js";

const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const PEOPLE = 120;
const JOBS = 130;
const OWNERS = 20;

let browser: Browser;
let fixture: Fixture;

beforeAll(async () => {
  browser = await launchChromium();
  fixture = await startFixture();
  await seedPeople(fixture.server.context.db, PEOPLE);
  await seedHeldJobs(fixture.server.context.db, JOBS, OWNERS);
});

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});


const firstCells = (page: Page, list: string) => page.locator(`#${list}-results tbody tr td:first-child`).allTextContents();

describe.each(VIEWPORTS)("long lists at $width×$height", (viewport) => {
  const size = `${viewport.width}x${viewport.height}`;

  test("People: a page of 50 with the total, the next page from its top, and a search by the start of a name", async () => {
    const { page, dialogs, errors } = await openSwedishConsole(browser, fixture.server.baseUrl, viewport, ADMIN);
    await page.getByRole("link", { name: "Personer" }).click();
    await page.locator("#people-summary").filter({ hasText: "Visar" }).waitFor();
    // The fixture's anna and the seeded people.
    expect(await page.locator("#people-summary").textContent()).toBe(`Visar 1–50 av ${PEOPLE + 1}`);
    expect(await firstCells(page, "people")).toHaveLength(50);
    expect(await notInViewport(page, ["#people-search input", "#people-summary", "#people-results tbody tr:first-child"])).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `console-80-people-first-page-admin-${size}`);

    const firstPage = await firstCells(page, "people");
    await page.getByRole("button", { name: "Nästa →" }).click();
    await page.locator("#people-summary").filter({ hasText: "Visar 51–100" }).waitFor();
    const secondPage = await firstCells(page, "people");
    expect(secondPage).toHaveLength(50);
    expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
    expect(secondPage[0]! > firstPage.at(-1)!).toBe(true);
    // The reader is taken to the top of the new page, not left at the button below the old one.
    expect(await notInViewport(page, ["#people-summary", "#people-results tbody tr:first-child"])).toEqual([]);
    await screenshot(page, `console-81-people-second-page-admin-${size}`);
    await page.getByRole("button", { name: "← Föregående" }).click();
    await page.locator("#people-summary").filter({ hasText: "Visar 1–50" }).waitFor();
    expect(await firstCells(page, "people")).toEqual(firstPage);

    await page.getByRole("searchbox", { name: "Hitta en person" }).fill("Bertil Nilsson 1");
    await page.locator("#people-search").getByRole("button", { name: "Sök" }).click();
    const expected = Array.from({ length: PEOPLE }, (_, index) => seededPerson(index)).filter((person) => person.displayName.startsWith("Bertil Nilsson 1")).map((person) => person.username).sort();
    await page.locator("#people-summary").filter({ hasText: `Visar 1–${expected.length} av ${expected.length}` }).waitFor();
    expect(await firstCells(page, "people")).toEqual(expected);
    expect(await page.getByRole("button", { name: "Nästa →" }).isDisabled()).toBe(true);
    expect(await notInViewport(page, ["#people-summary", "#people-results tbody tr:first-child"])).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `console-82-people-search-admin-${size}`);
    expect(dialogs).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
    await page.context().close();
  });

  test("Held jobs: newest first with the total, an owner's jobs by the start of the name, and one job by its number", async () => {
    const { page, dialogs, errors } = await openSwedishConsole(browser, fixture.server.baseUrl, viewport, AUDITOR);
    await page.getByRole("link", { name: "Utskrifter som väntar" }).click();
    await page.locator("#held-jobs-summary").filter({ hasText: "Visar" }).waitFor();
    expect(await page.locator("#held-jobs-summary").textContent()).toBe(`Visar 1–50 av ${JOBS}`);
    expect(await page.locator("#jobs-intro").textContent()).toBe(`Utskrifter som väntar på att hämtas: ${JOBS}. Titlar visas inte.`);
    const ids = (await firstCells(page, "held-jobs")).map(Number);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(await notInViewport(page, ["#held-jobs-search input", "#held-jobs-summary", "#held-jobs-results tbody tr:first-child"])).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `console-83-held-jobs-first-page-auditor-${size}`);

    const owner = seededPerson(5).username;
    await page.getByRole("searchbox", { name: "Hitta utskrifter" }).fill(owner.slice(0, -1));
    await page.locator("#held-jobs-search").getByRole("button", { name: "Sök" }).click();
    await page.locator("#held-jobs-summary").filter({ hasText: `av ${Math.ceil(JOBS / OWNERS)}` }).waitFor();
    const owners = await page.locator("#held-jobs-results tbody tr td:nth-child(2)").allTextContents();
    expect(new Set(owners)).toEqual(new Set([owner]));
    expect(await notInViewport(page, ["#held-jobs-summary", "#held-jobs-results tbody tr:first-child"])).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `console-84-held-jobs-owner-search-auditor-${size}`);

    await page.getByRole("searchbox", { name: "Hitta utskrifter" }).fill(String(ids[3]));
    await page.locator("#held-jobs-search").getByRole("button", { name: "Sök" }).click();
    await page.locator("#held-jobs-summary").filter({ hasText: "Visar 1–1 av 1" }).waitFor();
    expect(await firstCells(page, "held-jobs")).toEqual([String(ids[3])]);
    expect(dialogs).toEqual([]);
    expect(unexpectedErrors(errors)).toEqual([]);
    await page.context().close();
  });
});
