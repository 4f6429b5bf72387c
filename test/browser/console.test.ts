// The admin console in Debian Chromium: login, the overview charts, held jobs with a hostile title
// revealed as text, audit search, CSV download and verification, and an auditor who can change nothing.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addUser } from "../../server/admin/users.js";
import { loadOrCreateCheckpointKey } from "../../server/audit/checkpoint-key.js";
import { moveJob } from "../../server/store/jobs.js";
import { connectKiosk } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { englishConsoleContext, launchChromium, screenshot, watchDialogs, watchPageErrors } from "./support/browser.js";
import { ADMIN, AUDITOR, PERSON, startFixture, type Fixture } from "./support/fixture.js";
import { submitPrintJob } from "./support/print-job.js";
import { findJob } from "../../server/store/jobs.js";
import { auditRows } from "../support/database-rows.js";

const HOSTILE = "<img src=x onerror=alert(1)>";
const VIEWPORT = { width: 1280, height: 900 };

let browser: Browser;
let fixture: Fixture;
let hostileJob: number;
let collectedJob: number;

async function openConsole(username: string, password: string): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  const context = await englishConsoleContext(browser, { viewport: VIEWPORT, acceptDownloads: true });
  const page = await context.newPage();
  const dialogs = watchDialogs(page);
  const errors = watchPageErrors(page);
  await page.goto(`${fixture.server.baseUrl}/admin`);
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  return { page, dialogs, errors };
}

/** Page errors apart from the 401 of the session probe every page load makes before logging in. */
const unexpected = (errors: string[]) => errors.filter((error) => !error.includes("status of 401"));

beforeAll(async () => {
  browser = await launchChromium();
  fixture = await startFixture();
  // Something to chart: one job collected at the kiosk, two still held (one with a hostile name).
  const collected = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Kallelse", document: makePdf() });
  hostileJob = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: HOSTILE, document: makePdf() });
  // bo is a colleague without a card yet: a person here, so his name is not refused as unknown.
  await addUser(fixture.server.context.db, { label: "system", role: "admin" }, fixture.server.context, { username: "bo", displayName: "Bo Berg", cards: [] });
  await submitPrintJob({ port: fixture.server.port, user: "bo", title: "Protokoll", document: makePdf({ pages: 2 }) });
  const agent = await connectKiosk(fixture.server.baseUrl, fixture.agentToken, "agent");
  const started = await agent.emit("card:present", { card: PERSON.card });
  const session = await agent.next("session:started");
  expect(started).toMatchObject({ ok: true });
  await agent.emit("session:release", { sessionId: session.sessionId, jobIds: [collected], idempotencyKey: "console-test-release" });
  await agent.next("job:progress", (event) => event.state === "printed");
  agent.close();
  collectedJob = collected;
});

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});

describe("the admin console", () => {
  test("the login page is the only thing shown without a session", async () => {
    const page = await (await englishConsoleContext(browser, { viewport: VIEWPORT })).newPage();
    await page.goto(`${fixture.server.baseUrl}/admin`);
    await page.getByRole("heading", { name: "Log in" }).waitFor();
    expect(await page.locator("#nav").isHidden()).toBe(true);
    await page.getByLabel("User name").fill(ADMIN.username);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.locator("#login-message", { hasText: "wrong" }).waitFor();
    await screenshot(page, "console-01-login");
    await page.close();
  });

  test("an admin sees the overview with three server-computed SVG charts", async () => {
    const { page, errors } = await openConsole(ADMIN.username, ADMIN.password);
    const charts = page.locator("figure svg[role=img]");
    expect(await charts.count()).toBe(3);
    await expect(page.locator("figure figcaption").allTextContents()).resolves.toEqual(["Held jobs over time", "Collected vs purged (1 finished jobs)", expect.stringMatching(/^Time from print to collection \(median \d+ s\)$/)]);
    // The numbers are on the chart itself, not only in its colours.
    await expect(page.locator("figure").nth(1).locator("svg").textContent()).resolves.toContain("1 (100 %) collected");
    await expect(page.locator(".figure", { hasText: "Jobs held now" }).locator("strong").textContent()).resolves.toBe("2");
    expect(unexpected(errors)).toEqual([]);
    await screenshot(page, "console-02-overview");
    await page.context().close();
  });

  test("held jobs are masked; revealing the hostile title takes a reason and shows it as text, running nothing", async () => {
    // Held back by a printer that refused it: the console words the stored code, not the server's English.
    expect(await fixture.server.context.db.write((tx) => moveJob(tx, hostileJob, "held", "held", { stateReason: "English detail from the server", stateReasonCode: "printer-refused" }))).toBe(true);
    const { page, dialogs, errors } = await openConsole(ADMIN.username, ADMIN.password);
    await page.getByRole("link", { name: "Held jobs" }).click();
    await page.getByRole("heading", { name: "Held jobs" }).waitFor();
    expect(await page.locator("table").textContent()).not.toContain("img");
    // The job's own row, by the number in its first cell (newest jobs come first).
    const row = page.locator("tr").filter({ has: page.locator("td:first-child", { hasText: new RegExp(`^${hostileJob}$`) }) });
    await expect(row.locator(".held-reason").textContent()).resolves.toBe("Last release: the printer refused the job (check its queue name and settings).");
    expect(await page.locator("table").textContent()).not.toContain("English detail from the server");
    await row.locator("[data-action=reveal]").click();
    await page.locator("#dialog[open]").waitFor();
    // Without a reason the dialog does not go through.
    await page.locator("#dialog-confirm").click();
    expect(await page.locator("#dialog[open]").count()).toBe(1);
    await page.locator("#dialog-input").fill("Incident report 2026-14 asks for it");
    await page.locator("#dialog-confirm").click();
    await page.locator("[data-title]").waitFor();
    await expect(page.locator("[data-title]").textContent()).resolves.toBe(HOSTILE);
    expect(await page.locator("table img").count()).toBe(0);
    // No element was made from the title, so nothing exists that could run or fire later.
    expect(await page.evaluate(() => document.querySelectorAll("table [onerror], table script").length)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(unexpected(errors)).toEqual([]);
    const revealed = await auditRows(fixture.server.context.db, { types: ["job.title-revealed"] });
    expect(revealed.map((entry) => entry.details.reason)).toEqual(["Incident report 2026-14 asks for it"]);
    await screenshot(page, "console-03-held-jobs");
    await page.context().close();
  });

  test("the audit log is searched by person and event type, verified, and exported as a CSV download", async () => {
    // The signing key exists (made here if no checkpoint was signed yet), so the page offers it.
    const { publicKey } = await loadOrCreateCheckpointKey(fixture.server.context.config.auditKeyFile);
    const fingerprint = createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
    const { page } = await openConsole(ADMIN.username, ADMIN.password);
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.locator("#audit-summary").waitFor();
    // The fingerprint in groups of four, readable aloud, and the PEM behind the download link.
    expect(await page.locator("#public-key-fingerprint").textContent()).toBe(fingerprint.match(/.{4}/g)!.join(" "));
    await page.locator("#public-key-fingerprint").scrollIntoViewIfNeeded();
    expect(await page.locator("#public-key-fingerprint").isVisible()).toBe(true);
    const [keyDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the public key (PEM)" }).click()]);
    expect(keyDownload.suggestedFilename()).toBe("printvakt-audit-public-key.pem");
    expect(await readFile((await keyDownload.path())!, "utf8")).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    await page.getByLabel("Person").fill(PERSON.username);
    await page.getByLabel("Event type").selectOption("job.submitted");
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("#audit-summary", { hasText: "2 matching entries" }).waitFor();
    const types = await page.locator("#audit-results tbody tr td:nth-child(3)").allTextContents();
    expect(types).toEqual(["job.submitted", "job.submitted"]);
    const reads = await auditRows(fixture.server.context.db, { types: ["audit.read"] });
    expect(reads.at(-1)!.details.query).toEqual({ person: PERSON.username, types: ["job.submitted"] });
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await page.locator("#verify-result", { hasText: "Intact" }).waitFor();
    await screenshot(page, "console-04-audit");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^printvakt-audit-.*\.csv$/);
    const csv = await readFile((await download.path())!, "utf8");
    // As Excel in Sweden opens it: a UTF-8 byte-order mark and ";" between cells.
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).trim().split("\n");
    expect(lines[0]).toBe("seq;at;type;actor;subject;details;prevHash;hash");
    // The export keeps the type filter (and not the person filter: exports are whole ranges).
    expect(lines.slice(1).every((line) => line.split(";")[2] === "job.submitted")).toBe(true);
    expect(lines).toHaveLength(1 + 3);
    const exported = await auditRows(fixture.server.context.db, { types: ["audit.exported"] });
    expect(exported.map((entry) => entry.details)).toEqual([{ format: "csv", entries: 3, types: ["job.submitted"] }]);
    await page.context().close();
  });

  test("one job's timeline reads as sentences, oldest first, with the time zone said", async () => {
    const { page } = await openConsole(ADMIN.username, ADMIN.password);
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.locator("#audit-summary").waitFor();
    await page.getByLabel("Job number").fill(String(collectedJob));
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("#job-timeline li").first().waitFor();
    expect(await page.locator("#job-timeline h2").textContent()).toBe(`Job ${collectedJob}: what happened`);
    const lines = await page.locator("#job-timeline li").allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Sent .+ from 127\.0\.0\.1$/);
    // The card that opened the session, by its ending only.
    expect(lines[1]).toMatch(new RegExp(`^Printed at Plan 3 .+ \\(kiosk Plan 3 kiosk\\) by card …${PERSON.card.slice(-4)}$`));
    expect(await page.locator("#audit-time-zone").textContent()).toMatch(/^Times in [A-Za-z_]+(\/[A-Za-z_]+)*\.$/);
    // Only that job's entries are listed below the timeline, and the search is itself audited with the job.
    expect(new Set(await page.locator("#audit-results tbody tr td:nth-child(5)").allTextContents())).toEqual(new Set([`job:${collectedJob}`]));
    await screenshot(page, "console-04b-job-timeline");
    await page.context().close();
  });

  test("printers, kiosks and people pages list what exists, with states in words", async () => {
    const { page } = await openConsole(ADMIN.username, ADMIN.password);
    await page.getByRole("link", { name: "Printers" }).click();
    await page.locator("tbody tr", { hasText: "Plan 3" }).locator(".state", { hasText: "ready" }).waitFor();
    await screenshot(page, "console-05-printers");
    await page.getByRole("link", { name: "Kiosks" }).click();
    await page.locator("tbody tr", { hasText: "Plan 3 kiosk" }).waitFor();
    await screenshot(page, "console-06-kiosks");
    await page.getByRole("button", { name: "New pairing code" }).click();
    await page.locator("#dialog-confirm").click();
    await page.locator("[data-secret=pairing-code]").waitFor();
    expect(await page.locator("[data-secret=pairing-code]").textContent()).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    await screenshot(page, "console-07-pairing-code");
    await page.getByRole("link", { name: "People" }).click();
    const person = page.locator("tbody tr", { hasText: PERSON.displayName });
    await person.waitFor();
    // A card is shown by its ending: the server has no number to show (review H3).
    expect(await person.locator(".cards-list li span").allTextContents()).toEqual(["card ending 1168"]);
    expect(await page.locator("main").textContent()).not.toContain("13961168");
    await screenshot(page, "console-08-people");
    await page.context().close();
  });

  test("adding a person: the PIN is masked, each refusal is said beside its field, and a good entry is added", async () => {
    const { page } = await openConsole(ADMIN.username, ADMIN.password);
    await page.getByRole("link", { name: "People" }).click();
    const form = page.getByRole("form", { name: "Add a person" });
    await form.waitFor();
    expect(await form.getByLabel("PIN (optional)").getAttribute("type")).toBe("password");
    const add = () => form.getByRole("button", { name: "Add person" }).click();
    const errorOf = (name: string) => page.locator(`#add-person-${name}-error`);

    // Checked in the browser: a short PIN.
    await form.getByLabel("User name").fill("bodil");
    await form.getByLabel("PIN (optional)").fill("12");
    await add();
    await errorOf("pin").filter({ hasText: "A PIN is 4 to 12 digits." }).waitFor();
    expect(await form.getByLabel("PIN (optional)").getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel("User name").getAttribute("aria-invalid")).toBeNull();

    // Checked by the server, and placed by the field it names: a user name and a card number it refuses.
    await form.getByLabel("PIN (optional)").fill("4711");
    await form.getByLabel("User name").fill("bodil svensson!");
    await add();
    await errorOf("username").filter({ hasText: "is not valid" }).waitFor();
    expect(await errorOf("pin").textContent()).toBe("");
    await form.getByLabel("User name").fill("bodil");
    await form.getByLabel("Card number").fill("12;34");
    await add();
    await errorOf("card").filter({ hasText: "card number" }).waitFor();
    expect(await form.getByLabel("Card number").getAttribute("aria-invalid")).toBe("true");
    expect(await errorOf("card").isVisible()).toBe(true);
    await screenshot(page, "console-08b-add-person-refused");

    await form.getByLabel("Card number").fill("0044556677");
    await form.getByLabel("Full name").fill("Bodil Svensson");
    await add();
    await page.locator("tbody tr", { hasText: "Bodil Svensson" }).waitFor();
    expect(await errorOf("card").textContent()).toBe("");
    expect(await form.getByLabel("User name").inputValue()).toBe("");
    await page.context().close();
  });

  test("an auditor is offered no changes, and the API refuses them from the auditor's own browser session", async () => {
    const { page, dialogs } = await openConsole(AUDITOR.username, AUDITOR.password);
    for (const [link, heading] of [["Held jobs", "Held jobs"], ["Printers", "Printers"], ["Kiosks", "Kiosks"], ["People", "People"]] as const) {
      await page.getByRole("link", { name: link }).click();
      await page.getByRole("heading", { name: heading }).waitFor();
      // Searching a list changes nothing; every other form would.
      expect(await page.locator("#page [data-action], #page form:not([role=search])").count(), link).toBe(0);
    }
    await page.getByRole("link", { name: "Held jobs" }).click();
    await page.getByRole("heading", { name: "Held jobs" }).waitFor();
    await screenshot(page, "console-09-auditor-held-jobs");
    const answers = await page.evaluate(async (jobId) => {
      const { csrfToken } = (await (await fetch("/api/session")).json()) as { csrfToken: string };
      const post = (path: string, body: unknown) => fetch(path, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken }, body: JSON.stringify(body) }).then((response) => response.status);
      return {
        deleteJob: await post(`/api/jobs/${jobId}/delete`, { reason: "auditor tries" }),
        revealTitle: await post(`/api/jobs/${jobId}/title`, { reason: "auditor tries" }),
        addPrinter: await post("/api/printers", { name: "Sneaky", uri: "file:///tmp/sneaky" }),
        revokeKiosk: await post(`/api/kiosks/${encodeURIComponent("Plan 3 kiosk")}/revoke`, {}),
        resetPin: await post("/api/users/anna/pin", { pin: "0000" }),
        deletePrinter: await fetch(`/api/printers/${encodeURIComponent("Plan 3")}`, { method: "DELETE", headers: { "X-CSRF-Token": csrfToken } }).then((response) => response.status),
      };
    }, hostileJob);
    expect(answers).toEqual({ deleteJob: 403, revealTitle: 403, addPrinter: 403, revokeKiosk: 403, resetPin: 403, deletePrinter: 403 });
    const job = await findJob(fixture.server.context.db, hostileJob);
    expect(job?.state).toBe("held");
    expect(dialogs).toEqual([]);
    await page.context().close();
  });
});
