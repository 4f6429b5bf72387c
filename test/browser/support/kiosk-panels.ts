// What the suites that show one kiosk on every panel size share: the three sizes kiosks come in,
// one page per size paired with the same kiosk, the check each state gets on each (in view,
// axe-clean, screenshot), and the teardown of what such a suite starts.
/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import type { KioskClient } from "../../support/kiosk-client.js";
import type { FakeIppPrinter } from "../../support/printers/fake-ipp-printer.js";
import { axeViolations } from "./axe.js";
import { screenshot } from "./browser.js";
import type { Fixture } from "./fixture.js";
import { notInViewport } from "./in-viewport.js";
import { openScreenWithToken } from "./kiosk-page.js";

export const PANEL_SIZES = [
  { width: 800, height: 480 },
  { width: 1024, height: 600 },
  { width: 1280, height: 800 },
] as const;

export interface KioskPanel {
  page: Page;
  /** "800x480" and so on, for messages and screenshot names. */
  name: string;
  errors: string[];
}

/** One screen per panel size holding the kiosk's `token`; `prepare` runs on each browser context before its page opens (init scripts). */
export async function openPanels(browser: Browser, baseUrl: string, token: string, prepare?: (context: BrowserContext) => Promise<unknown>): Promise<KioskPanel[]> {
  const panels: KioskPanel[] = [];
  for (const size of PANEL_SIZES) {
    // bypassCSP: the page allows only its own scripts; axe-core is injected by the test.
    const context = await browser.newContext({ viewport: size, bypassCSP: true });
    await prepare?.(context);
    const { page, errors } = await openScreenWithToken(context, baseUrl, token);
    panels.push({ page, name: `${size.width}x${size.height}`, errors });
  }
  return panels;
}

/** Once layout has settled after the event that changed the view (focus moves, fonts): `inView` inside the viewport, no axe violations, a screenshot `shot-SIZE`. */
export async function checkPanel(panel: KioskPanel, state: string, inView: readonly string[], shot: string): Promise<void> {
  await panel.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(await notInViewport(panel.page, inView), `${state} at ${panel.name}`).toEqual([]);
  expect(await axeViolations(panel.page), `${state} at ${panel.name}`).toEqual([]);
  await screenshot(panel.page, `${shot}-${panel.name}`);
}

/** Stops what a panel suite started, each part only if it got that far. */
export async function stopPanelSuite(started: { agent?: KioskClient; browser?: Browser; printer?: FakeIppPrinter; fixture?: Fixture }): Promise<void> {
  started.agent?.close();
  await started.browser?.close();
  await started.printer?.stop();
  await started.fixture?.stop();
}
