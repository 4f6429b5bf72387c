// Opening the kiosk screen in a browser at kiosk size (1024×600) and pairing it with a code, or
// with a kiosk token it already holds.
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Fixture } from "./fixture.js";
import { watchDialogs, watchPageErrors } from "./browser.js";

export const KIOSK_VIEWPORT = { width: 1024, height: 600 };

export interface KioskPage {
  page: Page;
  dialogs: string[];
  errors: string[];
}

export async function openKioskPage(browser: Browser, fixture: Fixture): Promise<KioskPage> {
  const context = await browser.newContext({ viewport: KIOSK_VIEWPORT });
  const page = await context.newPage();
  const dialogs = watchDialogs(page);
  const errors = watchPageErrors(page);
  await page.goto(`${fixture.server.baseUrl}/kiosk`);
  return { page, dialogs, errors };
}

/** A screen that already holds its kiosk token (as one does after a restart), opened in `context`; its page errors are collected. */
export async function openScreenWithToken(context: BrowserContext, baseUrl: string, token: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${baseUrl}/kiosk`);
  await page.evaluate((kioskToken) => localStorage.setItem("printvakt.kioskToken", kioskToken), token);
  await page.reload();
  return { page, errors };
}

/** Creates a pairing code (a new screen token) and types it into the screen; returns that token. */
export async function pairWithCode(page: Page, fixture: Fixture, kiosk: string): Promise<string> {
  const issued = await fixture.admin.json<{ token: string; pairing: { code: string } }>("POST", `/api/kiosks/${encodeURIComponent(kiosk)}/pairing-code`);
  await page.locator("#view-setup").waitFor();
  await page.fill("#pair-code", issued.pairing.code);
  await page.click("#pair-form button[type=submit]");
  await page.locator("#view-idle").waitFor();
  return issued.token;
}
