// Debian Chromium through playwright-core, and screenshots kept under test-results/screenshots/.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { packageRoot } from "../../../server/paths.js";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOT_DIR = path.join(packageRoot, "test-results", "screenshots");

export async function launchChromium(): Promise<Browser> {
  // No silent skip: a machine without the browser must say so (scripts/install-test-deps.sh installs it).
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package chromium (scripts/install-test-deps.sh)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Collects every JavaScript dialog (alert, confirm, prompt) a page opens; none is ever expected. */
export function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return dialogs;
}

/** Errors the page threw or logged, to fail a test that left a broken page behind. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

/** A browser context whose admin console is in English, as if chosen in its language switch: the tests name things in English. */
export async function englishConsoleContext(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript(() => localStorage.setItem("printvakt-console-language", "en"));
  return context;
}
