// A console page logged in as someone, in the server's default language (Swedish), ready for
// axe-core (bypassCSP only lets the test inject it) and downloads.
import type { Browser, Page } from "playwright-core";
import { watchDialogs, watchPageErrors } from "./browser.js";

export async function openSwedishConsole(browser: Browser, baseUrl: string, viewport: { width: number; height: number }, account: { username: string; password: string }): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  const dialogs = watchDialogs(page);
  const errors = watchPageErrors(page);
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel("Användarnamn").fill(account.username);
  await page.getByLabel("Lösenord").fill(account.password);
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.getByRole("heading", { name: "Översikt" }).waitFor();
  return { page, dialogs, errors };
}

/** Page errors apart from the 401 of the session probe every page load makes before logging in. */
export const unexpectedErrors = (errors: string[]) => errors.filter((error) => !error.includes("status of 401"));
