// The console's printers page: an admin chooses a printer's nearby printers in order from lists (names
// with commas included), the table shows them numbered, and the page stays axe-clean at 1366×768.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addPrinter } from "../../server/admin/printers.js";
import { findPrinterByName } from "../../server/store/printers.js";
import { asCli } from "../support/printer-destination.js";
import { axeViolations } from "./support/axe.js";
import { englishConsoleContext, launchChromium, screenshot, watchPageErrors } from "./support/browser.js";
import { ADMIN, PRINTER, startFixture, type Fixture } from "./support/fixture.js";
import { notInViewport } from "./support/in-viewport.js";

const SYSTEM = { label: "system", role: "admin" as const };
const OTHERS = ["Plan 3 Syd", "Plan 2, norr"];

let browser: Browser;
let fixture: Fixture;
let page: Page;
let errors: string[];
const sinks: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  fixture = await startFixture({}, {}, { printerRefreshMs: 3_600_000 });
  for (const name of OTHERS) {
    const sink = await mkdtemp(path.join(tmpdir(), "printvakt-sink-"));
    sinks.push(sink);
    await addPrinter(fixture.server.context.db, SYSTEM, { name, uri: `file://${sink}` }, asCli(fixture.server.context));
  }
  page = await (await englishConsoleContext(browser, { viewport: { width: 1366, height: 768 }, bypassCSP: true })).newPage();
  errors = watchPageErrors(page);
  await page.goto(`${fixture.server.baseUrl}/admin`);
  await page.getByLabel("User name").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Overview" }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
  for (const sink of sinks) await rm(sink, { recursive: true, force: true });
});

describe("nearby printers on the console's printers page", () => {
  test("an admin picks two nearby printers in order; the table numbers them and the store keeps that order", async () => {
    await page.getByRole("link", { name: "Printers" }).click();
    const form = page.getByRole("form", { name: "Nearby printers" });
    await form.locator("select[name=printer]").selectOption(PRINTER);
    await form.locator("select[name=nearby0]").selectOption(OTHERS[0]!);
    await form.locator("select[name=nearby1]").selectOption(OTHERS[1]!);
    await form.getByRole("button", { name: "Save nearby printers" }).click();
    const listed = page.locator("tbody tr", { hasText: "file://" }).filter({ has: page.locator("td:first-child", { hasText: new RegExp(`^${PRINTER}$`) }) }).locator("ol.nearby li");
    await listed.first().waitFor();
    expect(await listed.allTextContents()).toEqual(OTHERS);
    const stored = await findPrinterByName(fixture.server.context.db, PRINTER);
    const ids = await Promise.all(OTHERS.map(async (name) => (await findPrinterByName(fixture.server.context.db, name))!.id));
    expect(stored!.nearbyPrinterIds).toEqual(ids);
    // Choosing the printer again shows its list, so a second save does not wipe it by accident.
    await form.locator("select[name=printer]").selectOption(OTHERS[0]!);
    await form.locator("select[name=printer]").selectOption(PRINTER);
    expect(await form.locator("select[name=nearby1]").inputValue()).toBe(OTHERS[1]);
    expect(await notInViewport(page, ["form[aria-label='Nearby printers'] button[type=submit]"])).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "console-nearby-printers-1366x768");
    expect(errors.filter((error) => !error.includes("status of 401"))).toEqual([]);
  });
});
