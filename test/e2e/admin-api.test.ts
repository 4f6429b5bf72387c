// The console API's gatekeeping: 401 without a session on every route, 403 for auditors on every
// route that changes something, CSRF and origin checks, the session cookie, and audited,
// rate-limited logins.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sessionCookie } from "../../server/admin-api/cookies.js";
import { canonicalCardNumber } from "../../server/identity/card-numbers.js";
import { FAILURES_PER_ACCOUNT } from "../../server/admin-api/login-limiter.js";
import { API_ROUTES } from "../../server/admin-api/routes.js";
import { packageRoot } from "../../server/paths.js";
import { submitPrintJob } from "../browser/support/print-job.js";
import { ADMIN, AUDITOR, KIOSK, PERSON, PRINTER, startFixture, type Fixture } from "../browser/support/fixture.js";
import { login, type ConsoleClient } from "../browser/support/console-client.js";
import { makePdf } from "../support/pdf.js";
import { auditRows, newestAuditRow } from "../support/database-rows.js";

let fixture: Fixture;
let auditor: ConsoleClient;
let heldJobId: number;

/** A concrete path for a route, naming things that exist, so a wrongly allowed call would really act. */
function concrete(path: string): string {
  const values: Record<string, string> = { name: encodeURIComponent(PRINTER), id: String(heldJobId), username: PERSON.username, card: PERSON.card };
  return path.replace(/:(\w+)/g, (_, parameter: string) => values[parameter] ?? "x");
}

/** The kiosk routes name kiosks, not printers. */
function concreteFor(route: { path: string }): string {
  return route.path.startsWith("/api/kiosks/") ? route.path.replace(":name", encodeURIComponent(KIOSK)) : concrete(route.path);
}

const anyBody = { name: "Other", uri: "file:///tmp/x", printer: PRINTER, username: "someone", card: "123456", pin: "1234", reason: "because I can", code: "AAAAA-BBBBB" };

async function auditTypes(): Promise<string[]> {
  const rows = await auditRows(fixture.server.context.db);
  return rows.map((row) => row.type);
}

beforeAll(async () => {
  fixture = await startFixture();
  heldJobId = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Utredning 12", document: makePdf({ text: "secret body" }) });
  auditor = await login(fixture.server.baseUrl, AUDITOR.username, AUDITOR.password);
});

afterAll(async () => {
  await fixture?.stop();
});

describe("without a session", () => {
  const guarded = API_ROUTES.filter((route) => route.allow !== "public");

  test("the route table is not empty and only login (password or OpenID Connect) and kiosk pairing are public", () => {
    expect(guarded.length).toBeGreaterThan(20);
    expect(API_ROUTES.filter((route) => route.allow === "public").map((route) => route.path).sort()).toEqual(["/api/kiosk/pair", "/api/login", "/api/login/methods", "/api/login/oidc", "/api/login/oidc/callback"]);
  });

  for (const route of API_ROUTES.filter((entry) => entry.allow !== "public")) {
    test(`${route.method} ${route.path} answers 401`, async () => {
      const path = concreteFor(route);
      const bare = await fetch(`${fixture.server.baseUrl}${path}`, { method: route.method });
      expect(bare.status).toBe(401);
      expect(await bare.json()).toEqual({ error: { code: "not-authenticated", message: "Log in first" } });
      // With a CSRF header and a body, still 401: no session is no session.
      const dressed = await fetch(`${fixture.server.baseUrl}${path}`, {
        method: route.method,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": "guess", cookie: "printvakt-console=forged" },
        body: route.method === "GET" ? undefined : JSON.stringify(anyBody),
      });
      expect(dressed.status).toBe(401);
    });
  }

  test("an unknown API path also answers 401, so the route list is not advertised", async () => {
    expect((await fetch(`${fixture.server.baseUrl}/api/documents/1`)).status).toBe(401);
    expect((await fixture.admin.request("GET", "/api/documents/1")).status).toBe(404);
  });
});

describe("the route table", () => {
  test("docs/admin-console.md lists every route with its method, and no route it does not have", async () => {
    const documentation = await readFile(path.join(packageRoot, "docs", "admin-console.md"), "utf8");
    const documented = [...documentation.matchAll(/^\| (GET|POST|DELETE) \| `([^`]+)` \|/gm)].map((match) => `${match[1]} ${match[2]}`).sort();
    expect(documented).toEqual(API_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
  });
});

describe("an auditor", () => {
  test("gets 403 on every route that changes something or is for admins only, and nothing changes", async () => {
    const before = { types: await auditTypes(), printers: await fixture.admin.json("GET", "/api/printers"), kiosks: await fixture.admin.json("GET", "/api/kiosks"), users: await fixture.admin.json("GET", "/api/users"), jobs: await fixture.admin.json("GET", "/api/jobs") };
    const refused = API_ROUTES.filter((route) => route.allow !== "public" && !route.allow({ username: AUDITOR.username, role: "auditor" }));
    // Every route that changes something is among them (besides the two public ones).
    expect(API_ROUTES.filter((route) => route.changes && route.allow !== "public").every((route) => refused.includes(route))).toBe(true);
    expect(refused.length).toBeGreaterThanOrEqual(13);
    for (const route of refused) {
      const response = await auditor.request(route.method, concreteFor(route), route.method === "GET" ? undefined : anyBody);
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
    }
    const types = await auditTypes();
    // The admin's reads above wrote no entries; the auditor's refused calls changed nothing at all.
    expect(types).toEqual(before.types);
    expect(await fixture.admin.json("GET", "/api/printers")).toEqual(before.printers);
    expect(await fixture.admin.json("GET", "/api/kiosks")).toEqual(before.kiosks);
    expect(await fixture.admin.json("GET", "/api/users")).toEqual(before.users);
    expect(await fixture.admin.json("GET", "/api/jobs")).toEqual(before.jobs);
  });

  test("reads lists (card counts only; admins see card endings, nobody a number), the audit, exports and verifies", async () => {
    const users = await auditor.json<{ username: string; cards?: unknown[]; cardCount: number }[]>("GET", "/api/users");
    expect(users).toEqual([expect.objectContaining({ username: PERSON.username, cardCount: 1 })]);
    expect(users[0]!.cards).toBeUndefined();
    const admins = await fixture.admin.json<{ cards?: unknown[] }[]>("GET", "/api/users");
    expect(admins[0]!.cards).toEqual([{ id: expect.any(Number), lastDigits: canonicalCardNumber(PERSON.card).slice(-4) }]);
    for (const path of ["/api/printers", "/api/kiosks", "/api/jobs", "/api/stats", "/api/audit", "/api/audit/event-types", "/api/audit/export?format=jsonl"]) {
      expect((await auditor.request("GET", path)).status, path).toBe(200);
    }
    const verified = await auditor.json<{ ok: boolean }>("POST", "/api/audit/verify");
    expect(verified.ok).toBe(true);
  });
});

describe("CSRF and origin", () => {
  test("a state-changing request without the session's CSRF token is refused before it acts", async () => {
    const printer = { name: "CSRF test", uri: "ipp://192.0.2.10/ipp/print" };
    expect((await fixture.admin.request("POST", "/api/printers", printer, { csrf: false })).status).toBe(403);
    expect((await fixture.admin.request("POST", "/api/printers", printer, { csrf: "not-the-token" })).status).toBe(403);
    expect((await fixture.admin.request("POST", "/api/printers", printer, { headers: { Origin: "https://evil.example" } })).status).toBe(403);
    const names = (await fixture.admin.json<{ name: string }[]>("GET", "/api/printers")).map((entry) => entry.name);
    expect(names).not.toContain("CSRF test");
    expect((await fixture.admin.request("POST", "/api/printers", printer)).status).toBe(200);
    expect((await fixture.admin.request("DELETE", `/api/printers/${encodeURIComponent("CSRF test")}`)).status).toBe(200);
  });

  test("login itself needs the custom header, which a cross-site form cannot send", async () => {
    const response = await fetch(`${fixture.server.baseUrl}/api/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(ADMIN) });
    expect(response.status).toBe(403);
  });
});

describe("the session cookie", () => {
  test("is HttpOnly and SameSite=Strict, and Secure with a __Host- name under TLS", async () => {
    const response = await fetch(`${fixture.server.baseUrl}/api/login`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": "x" }, body: JSON.stringify(ADMIN) });
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^printvakt-console=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).not.toContain("Secure");
    // A session cookie (review I3): no Max-Age or Expires, so the browser forgets it when it closes.
    expect(cookie).not.toMatch(/Max-Age|Expires/i);
    const tls = sessionCookie(true, "abc");
    expect(tls).toMatch(/^__Host-printvakt-console=abc; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
  });

  test("logging out ends the session on the server", async () => {
    const client = await login(fixture.server.baseUrl, ADMIN.username, ADMIN.password);
    expect((await client.request("GET", "/api/session")).status).toBe(200);
    expect((await client.request("POST", "/api/logout")).status).toBe(200);
    expect((await client.request("GET", "/api/session")).status).toBe(401);
  });
});

describe("logging in", () => {
  test("success and failure are audited; a wrong password and an unknown name answer alike", async () => {
    const start = (await auditTypes()).length;
    const wrong = await fetch(`${fixture.server.baseUrl}/api/login`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": "x" }, body: JSON.stringify({ username: ADMIN.username, password: "nope" }) });
    const unknown = await fetch(`${fixture.server.baseUrl}/api/login`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": "x" }, body: JSON.stringify({ username: "mallory", password: "nope" }) });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    await login(fixture.server.baseUrl, AUDITOR.username, AUDITOR.password);
    const entries = await auditRows(fixture.server.context.db, { afterSeq: start });
    expect(entries.map((entry) => [entry.type, entry.actor, entry.subject])).toEqual([
      ["admin.login-failed", null, `admin:${ADMIN.username}`],
      ["admin.login-failed", null, null],
      ["admin.login", `admin:${AUDITOR.username}`, null],
    ]);
    expect(entries[0]!.details).toEqual({ reason: "wrong-password", peer: "127.0.0.1" });
    const unknownDetails = entries[1]!.details as Record<string, string>;
    expect(unknownDetails.reason).toBe("unknown-account");
    expect(unknownDetails.claimedUserHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(entries[1]!.details)).not.toContain("mallory");
    expect(entries[2]!.details).toEqual({ role: "auditor", method: "password", peer: "127.0.0.1" });
  });

  test(`after ${FAILURES_PER_ACCOUNT} wrong passwords the account is rate-limited, even with the right one`, async () => {
    const attempt = (password: string) =>
      fetch(`${fixture.server.baseUrl}/api/login`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": "x" }, body: JSON.stringify({ username: "eva", password }) });
    // One failure already happened in the test above.
    const statuses: number[] = [];
    for (let index = 1; index < FAILURES_PER_ACCOUNT; index++) statuses.push((await attempt("wrong")).status);
    expect(statuses).toEqual(Array(FAILURES_PER_ACCOUNT - 1).fill(401));
    const limited = await attempt(ADMIN.password);
    expect(limited.status).toBe(429);
    const last = await newestAuditRow(fixture.server.context.db);
    expect(last!.type).toBe("admin.login-failed");
    expect(last!.details).toMatchObject({ reason: "rate-limited" });
    // The limit is per account: the auditor still gets in from the same address.
    await expect(login(fixture.server.baseUrl, AUDITOR.username, AUDITOR.password)).resolves.toMatchObject({ role: "auditor" });
  });
});
