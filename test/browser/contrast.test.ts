// The contrast check used on the kiosk screens really flags text below WCAG AA.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium } from "./support/browser.js";
import { contrastProblems } from "./support/contrast.js";

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

test("light grey small text fails, black passes, and large text needs only 3:1", async () => {
  const page = await browser.newPage();
  await page.setContent(`
    <p style="color:#999;background:#fff;font-size:16px">light grey</p>
    <p style="color:#000;font-size:16px">black</p>
    <div style="background:#0b4f8a"><span style="color:#fff;font-size:16px">white on blue</span></div>
    <p style="color:#888;background:#fff;font-size:30px">large grey</p>
    <p style="color:#aaa;background:#fff;font-size:30px">large light grey</p>`);
  const problems = await contrastProblems(page);
  expect(problems.map((problem) => problem.text)).toEqual(["light grey", "large light grey"]);
  expect(problems[0]!.needed).toBe(4.5);
  expect(problems[1]!.needed).toBe(3);
  await page.close();
});
