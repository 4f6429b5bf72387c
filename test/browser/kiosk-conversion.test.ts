// The kiosk screen and conversion (issue 14) in Debian Chromium: a printer that is one-sided and
// black-and-white says so next to a two-sided job before it is printed; a job converted to the
// printer's PCL 5 prints; a document whose conversion is stopped shows why in Swedish and English
// and stays held; an A5 job at this A4-only printer is said to be scaled to fit on A4.
/// <reference lib="dom" />
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { findPrinterByName, recordPrinterStatus } from "../../server/store/printers.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { pdfExponentialForms } from "../support/hostile-documents.js";
import { makePdf } from "../support/pdf.js";
import { languageOf, pageCount } from "../support/printed-pages.js";
import { launchChromium, screenshot } from "./support/browser.js";
import { KIOSK, PERSON, PRINTER, startFixture, type Fixture } from "./support/fixture.js";
import { openKioskPage, pairWithCode } from "./support/kiosk-page.js";
import { kioskStrings, type StringTable } from "./support/kiosk-strings.js";
import { submitPrintJob } from "./support/print-job.js";
import { findJob } from "../../server/store/jobs.js";

let browser: Browser;
let fixture: Fixture;
let strings: { sv: StringTable; en: StringTable };
let page: Page;
let agent: KioskClient;
let duplexJob: number;
let endlessJob: number;
let a5Job: number;

beforeAll(async () => {
  strings = await kioskStrings();
  browser = await launchChromium();
  // A conversion is stopped after 4 s here (3 minutes in production).
  fixture = await startFixture({ PRINTVAKT_CONVERT_TIMEOUT: "4s" });
  duplexJob = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Protokoll", document: makePdf({ pages: 3 }), sides: "two-sided-long-edge" });
  endlessJob = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Oändlig", document: pdfExponentialForms() });
  a5Job = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Broschyr", document: makePdf({ pages: 1, pageSize: [420, 595] }), media: "iso_a5_148x210mm" });
  // From now on the printer is a PCL 5 laser, one-sided, black and white, as an admin would declare it.
  const { db } = fixture.server.context;
  const printer = (await findPrinterByName(db, PRINTER))!;
  const capabilities = { declared: true, formats: ["application/vnd.hp-pcl"], colorModes: ["monochrome"], sides: ["one-sided"], media: ["iso_a4_210x297mm"] };
  await db.write((tx) => recordPrinterStatus(tx, printer.id, { state: "idle", stateMessage: "", capabilities }));
  page = (await openKioskPage(browser, fixture)).page;
  await pairWithCode(page, fixture, KIOSK);
  agent = await connectKiosk(fixture.server.baseUrl, fixture.agentToken, "agent");
  await agent.emit("card:present", { card: PERSON.card });
  await page.locator(`.job[data-id="${duplexJob}"]`).waitFor();
}, 60_000);

afterAll(async () => {
  agent?.close();
  await browser?.close();
  await fixture?.stop();
});

test("a two-sided job is marked as printing one-sided at this printer, before it is printed", async () => {
  const row = page.locator(`.job[data-id="${duplexJob}"]`);
  await row.getByText(strings.sv.changeOneSided!, { exact: true }).waitFor();
  await expect(page.locator(`.job[data-id="${endlessJob}"]`).getByText(strings.sv.changeOneSided!).count()).resolves.toBe(0);
  await screenshot(page, "kiosk-conversion-01-changes");
});

test("the job is converted to PCL 5 for the printer and prints with all its pages", async () => {
  const row = page.locator(`.job[data-id="${duplexJob}"]`);
  await row.locator(".print").click();
  await row.locator(".job-status", { hasText: strings.sv.statePrinted }).waitFor({ timeout: 30_000 });
  const files = (await readdir(fixture.sinkDir)).filter((name) => !name.endsWith(".json"));
  expect(files).toHaveLength(1);
  const printed = await readFile(path.join(fixture.sinkDir, files[0]!));
  expect(languageOf(printed)).toBe("pcl5");
  expect(pageCount(printed)).toBe(3);
});

test("a document whose conversion is stopped shows why in the person's language, and stays held", async () => {
  const row = page.locator(`.job[data-id="${endlessJob}"]`);
  await row.locator(".print").click();
  await row.locator(".job-status .reason", { hasText: strings.sv.reasonConversionTimeout }).waitFor({ timeout: 30_000 });
  await screenshot(page, "kiosk-conversion-02-stopped");
  await page.getByRole("button", { name: "English" }).click();
  await row.locator(".job-status .reason", { hasText: strings.en.reasonConversionTimeout }).waitFor();
  const job = await findJob(fixture.server.context.db, endlessJob);
  expect(job?.state).toBe("held");
  expect((await readdir(fixture.sinkDir)).filter((name) => !name.endsWith(".json"))).toHaveLength(1);
});

test("an A5 job at this A4-only printer says it is scaled to fit on A4, in English and in Swedish", async () => {
  const row = page.locator(`.job[data-id="${a5Job}"]`);
  // The previous test left the screen in English.
  await row.getByText(strings.en.changePaperFit!.replace("{paper}", "A4"), { exact: true }).waitFor();
  await page.getByRole("button", { name: "Svenska" }).click();
  await row.getByText(strings.sv.changePaperFit!.replace("{paper}", "A4"), { exact: true }).waitFor();
  await expect(page.locator(`.job[data-id="${duplexJob}"]`).getByText(strings.sv.changePaperFit!.replace("{paper}", "A4")).count()).resolves.toBe(0);
  await screenshot(page, "kiosk-conversion-03-paper-fit");
});
