// The admin console in Swedish and English: Swedish by default (PRINTVAKT_LANGUAGE unset), every page
// free of English left-overs, and a switch in the header that changes the language and is remembered.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessServer } from "../support/in-process-server.js";
import { makePdf } from "../support/pdf.js";
import { axeViolations } from "./support/axe.js";
import { launchChromium, screenshot, watchDialogs, watchPageErrors } from "./support/browser.js";
import { consoleStrings, type StringTable } from "./support/console-strings.js";
import { ADMIN, PERSON, startFixture, type Fixture } from "./support/fixture.js";
import { submitPrintJob } from "./support/print-job.js";
import { notInTable, visibleTexts } from "./support/visible-text.js";

const PAGES = [
  { hash: "overview", sv: "Översikt", en: "Overview" },
  { hash: "jobs", sv: "Utskrifter som väntar", en: "Held jobs" },
  { hash: "printers", sv: "Skrivare", en: "Printers" },
  { hash: "kiosks", sv: "Kiosker", en: "Kiosks" },
  { hash: "people", sv: "Personer", en: "People" },
  { hash: "audit", sv: "Granskningslogg", en: "Audit log" },
];

let browser: Browser;
let fixture: Fixture;
let sv: StringTable;
let en: StringTable;

beforeAll(async () => {
  browser = await launchChromium();
  fixture = await startFixture();
  ({ sv, en } = await consoleStrings());
  // A held job, so the held jobs page shows its table too.
  await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Kallelse", document: makePdf() });
});

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});

/** What a screen reader or a hover says besides the text: aria-labels, placeholders, tooltips, captions. */
function spokenTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // An event type's description (option title) is the server's, in English: data, like the audit details.
    const attributes = Array.from(document.querySelectorAll("[aria-label], [placeholder], [title]:not(option)")).flatMap((element) => ["aria-label", "placeholder", "title"].map((name) => element.getAttribute(name) ?? ""));
    const captions = Array.from(document.querySelectorAll("caption, svg title, svg desc")).map((element) => element.textContent ?? "");
    return [...attributes, ...captions, document.title].map((text) => text.trim()).filter((text) => text !== "");
  });
}

/** Texts on the page that are English console strings and not Swedish ones: left-overs of a missed t(). */
async function englishLeftOvers(page: Page): Promise<string[]> {
  const texts = [...(await visibleTexts(page)), ...(await spokenTexts(page))];
  const swedishOrData = new Set(notInTable(texts, en));
  return notInTable(texts, sv).filter((text) => !swedishOrData.has(text));
}

const navNames = (page: Page) => page.locator("#nav a").allTextContents();

describe("the console's language", () => {
  test("the server tells the console its default language, Swedish unless PRINTVAKT_LANGUAGE says otherwise", async () => {
    const methods = (await (await fetch(`${fixture.server.baseUrl}/api/login/methods`)).json()) as { language: string };
    expect(methods.language).toBe("sv");
  });

  test("a new browser gets the console in Swedish: login, navigation and every page", async () => {
    // bypassCSP: the page allows only its own scripts; axe-core is injected by the test.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const dialogs = watchDialogs(page);
    const errors = watchPageErrors(page);
    await page.goto(`${fixture.server.baseUrl}/admin`);
    await page.getByRole("heading", { name: "Logga in" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("sv");
    expect(await axeViolations(page), "login").toEqual([]);
    expect(await page.title()).toBe("Printvakt – administration");
    await page.getByLabel("Användarnamn").fill(ADMIN.username);
    await page.getByLabel("Lösenord").fill(ADMIN.password);
    await page.getByRole("button", { name: "Logga in" }).click();
    await page.getByRole("heading", { name: "Översikt" }).waitFor();
    expect(await navNames(page)).toEqual(PAGES.map((entry) => entry.sv));
    expect(await page.getByRole("button", { name: "Logga ut" }).isVisible()).toBe(true);
    expect(await page.locator("#who-role").textContent()).toBe("administratör");
    for (const entry of PAGES) {
      await page.goto(`${fixture.server.baseUrl}/admin#/${entry.hash}`);
      await page.getByRole("heading", { level: 1, name: entry.sv, exact: true }).waitFor();
      expect(await englishLeftOvers(page), entry.hash).toEqual([]);
      expect(await axeViolations(page), entry.hash).toEqual([]);
      await screenshot(page, `console-language-sv-${entry.hash}`);
    }
    await page.goto(`${fixture.server.baseUrl}/admin#/jobs`);
    await page.getByRole("columnheader", { name: "Ägare" }).waitFor();
    // A dialog speaks Swedish too: heading, reason, buttons.
    await page.getByRole("button", { name: "Visa titeln" }).click();
    await page.getByRole("dialog", { name: /^Visa titeln på utskrift \d+$/ }).waitFor();
    expect(await page.locator("#dialog-label").textContent()).toBe("Skäl");
    expect(await page.locator("#dialog-text").textContent()).toBe("Titlar är personuppgifter. Ditt skäl skrivs i granskningsloggen.");
    await page.getByRole("button", { name: "Avbryt" }).click();
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    // Times are written the Swedish way: "6 dec. 2026 02:50:43" has a month name in Swedish and a 24-hour clock.
    expect(await page.locator("tbody td").nth(3).textContent()).toMatch(/^\d{1,2} [a-zåäö]{3,4}\.? \d{4},? \d{2}:\d{2}:\d{2}$/);
    expect(dialogs).toEqual([]);
    expect(errors.filter((error) => !error.includes("status of 401"))).toEqual([]);
    await context.close();
  });

  test("switching to English changes the page at once, and the choice survives a reload", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${fixture.server.baseUrl}/admin`);
    await page.getByLabel("Användarnamn").fill(ADMIN.username);
    await page.getByLabel("Lösenord").fill(ADMIN.password);
    await page.getByRole("button", { name: "Logga in" }).click();
    await page.getByRole("heading", { name: "Översikt" }).waitFor();
    await page.getByLabel("Språk").selectOption("en");
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await navNames(page)).toEqual(PAGES.map((entry) => entry.en));
    expect(await page.locator("#who-role").textContent()).toBe("admin");
    await page.reload();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await navNames(page)).toEqual(PAGES.map((entry) => entry.en));
    expect(await page.getByLabel("Language").inputValue()).toBe("en");
    // And back: Swedish again, also remembered.
    await page.getByLabel("Language").selectOption("sv");
    await page.getByRole("heading", { name: "Översikt" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Översikt" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("sv");
    await context.close();
  });

  test("the login page switches language too, before anyone has logged in", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${fixture.server.baseUrl}/admin`);
    await page.getByRole("heading", { name: "Logga in" }).waitFor();
    await page.getByLabel("Språk").selectOption("en");
    await page.getByRole("heading", { name: "Log in" }).waitFor();
    expect(await page.getByLabel("User name").isVisible()).toBe(true);
    expect(await page.title()).toBe("Printvakt console");
    await context.close();
  });

  test("with PRINTVAKT_LANGUAGE=en a new browser gets the console in English", async () => {
    const english = await startInProcessServer({ PRINTVAKT_LANGUAGE: "en" });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${english.baseUrl}/admin`);
      await page.getByRole("heading", { name: "Log in" }).waitFor();
      expect(await page.getAttribute("html", "lang")).toBe("en");
      expect(await page.getByLabel("Language").inputValue()).toBe("en");
      await context.close();
    } finally {
      await english.stop();
    }
  });
});
