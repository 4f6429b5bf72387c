// The console in Debian Chromium signing in through a real identity provider (oidc-provider):
// the "Sign in with" button, the provider's form, the console as admin; a person without a role
// is sent back to the login page with the reason.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort } from "../support/free-port.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { ADMIN_ROLE, AUDITOR_ROLE, OIDC_ACCOUNTS, startIdentityProvider, type TestIdentityProvider } from "../support/oidc-provider.js";
import { englishConsoleContext, launchChromium, screenshot } from "./support/browser.js";

let browser: Browser;
let idp: TestIdentityProvider;
let server: InProcessServer;
let secretDir: string;

beforeAll(async () => {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/api/login/oidc/callback`;
  idp = await startIdentityProvider({ redirectUri });
  secretDir = await mkdtemp(path.join(tmpdir(), "printvakt-oidc-browser-"));
  const secretFile = path.join(secretDir, "client-secret");
  await writeFile(secretFile, idp.clientSecret);
  await chmod(secretFile, 0o600);
  server = await startInProcessServer({
    PRINTVAKT_PORT: String(port),
    PRINTVAKT_OIDC_ISSUER: idp.issuer,
    PRINTVAKT_OIDC_CLIENT_ID: idp.clientId,
    PRINTVAKT_OIDC_CLIENT_SECRET_FILE: secretFile,
    PRINTVAKT_OIDC_REDIRECT_URI: redirectUri,
    PRINTVAKT_OIDC_PROVIDER_NAME: "Kommun-ID",
    PRINTVAKT_OIDC_ADMIN_ROLE: ADMIN_ROLE,
    PRINTVAKT_OIDC_AUDITOR_ROLE: AUDITOR_ROLE,
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await idp?.stop();
  await rm(secretDir, { recursive: true, force: true });
});

async function signInWithButton(account: { username: string; password: string }) {
  const page = await (await englishConsoleContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/admin/`);
  await page.getByRole("link", { name: "Sign in with Kommun-ID" }).click();
  await page.getByLabel("Login").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

test("an admin clicks 'Sign in with Kommun-ID', signs in at the provider and lands in the console", async () => {
  const page = await signInWithButton(OIDC_ACCOUNTS.admin);
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  expect(await page.locator("#who-name").textContent()).toBe("eva");
  expect(await page.locator("#who-role").textContent()).toBe("admin");
  await screenshot(page, "console-oidc-admin");
  await page.close();
}, 60_000);

test("a person without a console role is back on the login page with the reason", async () => {
  const page = await signInWithButton(OIDC_ACCOUNTS.nobody);
  await page.locator("#login-message", { hasText: "no admin or auditor role" }).waitFor();
  expect(await page.locator("#nav").isHidden()).toBe(true);
  await page.close();
}, 60_000);
