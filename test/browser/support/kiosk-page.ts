// Opening the kiosk screen in a browser at kiosk size (1024×600) and pairing it with a code.
import type { Browser, Page } from "playwright-core";
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

/** Creates a pairing code (a new screen token) and types it into the screen; returns that token. */
export async function pairWithCode(page: Page, fixture: Fixture, kiosk: string): Promise<string> {
  const issued = await fixture.admin.json<{ token: string; pairing: { code: string } }>("POST", `/api/kiosks/${encodeURIComponent(kiosk)}/pairing-code`);
  await page.locator("#view-setup").waitFor();
  await page.fill("#pair-code", issued.pairing.code);
  await page.click("#pair-form button[type=submit]");
  await page.locator("#view-idle").waitFor();
  return issued.token;
}
