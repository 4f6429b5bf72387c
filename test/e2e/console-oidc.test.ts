// Console sign-in with OpenID Connect against a real identity provider (oidc-provider in its own
// process) and `printvakt serve` as a child process: roles, the MFA rule for admins, state and
// PKCE checks, single use, exact audit counts, and a client secret that never reaches a log.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../support/free-port.js";
import { ADMIN_ROLE, AUDITOR_ROLE, OIDC_ACCOUNTS, startIdentityProvider, type TestIdentityProvider } from "../support/oidc-provider.js";
import { deliverCallback, HttpAgent, signInAtProvider } from "../support/oidc-sign-in.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";

let idp: TestIdentityProvider;
let server: ServerProcess;
let secretDir: string;

beforeAll(async () => {
  const port = await freePort();
  idp = await startIdentityProvider({ redirectUri: `http://127.0.0.1:${port}/api/login/oidc/callback` });
  secretDir = await mkdtemp(path.join(tmpdir(), "printvakt-oidc-"));
  const secretFile = path.join(secretDir, "client-secret");
  await writeFile(secretFile, `${idp.clientSecret}\n`);
  await chmod(secretFile, 0o600);
  server = await startPrintvaktServer({
    PRINTVAKT_PORT: String(port),
    PRINTVAKT_LOG_LEVEL: "trace",
    PRINTVAKT_OIDC_ISSUER: idp.issuer,
    PRINTVAKT_OIDC_CLIENT_ID: idp.clientId,
    PRINTVAKT_OIDC_CLIENT_SECRET_FILE: secretFile,
    PRINTVAKT_OIDC_REDIRECT_URI: `http://127.0.0.1:${port}/api/login/oidc/callback`,
    PRINTVAKT_OIDC_PROVIDER_NAME: "Kommun-ID",
    PRINTVAKT_OIDC_ADMIN_ROLE: ADMIN_ROLE,
    PRINTVAKT_OIDC_AUDITOR_ROLE: AUDITOR_ROLE,
    PRINTVAKT_OIDC_ADMIN_AMR: "otp,mfa",
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await idp?.stop();
  if (server) await rm(server.dataDir, { recursive: true, force: true });
  await rm(secretDir, { recursive: true, force: true });
});

const consoleCookie = (agent: HttpAgent) => agent.cookie(server.baseUrl, "printvakt-console");

/** A complete sign-in; returns where printvakt sent the browser, and the agent holding its cookies. */
async function signIn(account: { username: string; password: string }): Promise<{ agent: HttpAgent; landing: URL }> {
  const agent = new HttpAgent();
  const callback = await signInAtProvider(agent, server.baseUrl, account);
  return { agent, landing: await deliverCallback(agent, callback) };
}

async function sessionOf(agent: HttpAgent): Promise<{ status: number; body: { username?: string; role?: string; csrfToken?: string } }> {
  const response = await agent.request(`${server.baseUrl}/api/session`);
  return { status: response.status, body: (await response.json()) as never };
}

async function addPrinter(agent: HttpAgent, csrfToken: string, name: string): Promise<number> {
  const response = await agent.request(`${server.baseUrl}/api/printers`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": csrfToken },
    body: JSON.stringify({ name, uri: "ipp://192.0.2.12/ipp/print" }),
  });
  return response.status;
}

/** The audit as `printvakt audit export` gives it to an auditor. */
async function exportedAudit(): Promise<{ raw: string; entries: { type: string; actor: string | null; subject: string | null; details: Record<string, unknown> }[] }> {
  const result = await runPrintvakt(["audit", "export", "--format", "jsonl"], { env: { PRINTVAKT_DATA_DIR: server.dataDir } });
  expect(result.code, result.stderr).toBe(0);
  return { raw: result.stdout, entries: result.stdout.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as never) };
}

describe("console sign-in with OpenID Connect", () => {
  test("the console is told to offer the provider by name, and the default language", async () => {
    const response = await fetch(`${server.baseUrl}/api/login/methods`);
    expect(await response.json()).toEqual({ password: true, oidc: { name: "Kommun-ID", start: "/api/login/oidc" }, language: "sv" });
  });

  test("the sign-in starts with a redirect carrying PKCE (S256), state and nonce", async () => {
    const response = await new HttpAgent().request(`${server.baseUrl}/api/login/oidc`);
    expect(response.status).toBe(302);
    const target = new URL(response.headers.get("location")!);
    expect(target.origin).toBe(idp.issuer);
    expect(target.searchParams.get("code_challenge_method")).toBe("S256");
    for (const parameter of ["code_challenge", "state", "nonce"]) expect(target.searchParams.get(parameter)?.length ?? 0).toBeGreaterThanOrEqual(43);
    expect(target.searchParams.get("client_id")).toBe(idp.clientId);
    expect(target.searchParams.has("client_secret")).toBe(false);
  });

  test("an admin with MFA signs in and gets admin API access", async () => {
    const { agent, landing } = await signIn(OIDC_ACCOUNTS.admin);
    expect(landing.pathname + landing.search).toBe("/admin/");
    const session = await sessionOf(agent);
    expect(session).toMatchObject({ status: 200, body: { username: "eva", role: "admin" } });
    expect(await addPrinter(agent, session.body.csrfToken!, "OIDC admin printer")).toBe(200);
  });

  test("an auditor signs in with auditor-only access", async () => {
    const { agent, landing } = await signIn(OIDC_ACCOUNTS.auditor);
    expect(landing.search).toBe("");
    const session = await sessionOf(agent);
    expect(session).toMatchObject({ status: 200, body: { username: "ada", role: "auditor" } });
    expect((await agent.request(`${server.baseUrl}/api/audit`)).status).toBe(200);
    expect(await addPrinter(agent, session.body.csrfToken!, "OIDC auditor printer")).toBe(403);
  });

  test("a person without a console role is refused and gets no session", async () => {
    const { agent, landing } = await signIn(OIDC_ACCOUNTS.nobody);
    expect(landing.pathname + landing.search).toBe("/admin/?signin=no-console-role");
    expect(consoleCookie(agent)).toBeUndefined();
    expect((await sessionOf(agent)).status).toBe(401);
  });

  test("an admin signed in without the required amr is refused", async () => {
    const { agent, landing } = await signIn(OIDC_ACCOUNTS.adminWithoutMfa);
    expect(landing.search).toBe("?signin=mfa-required");
    expect(consoleCookie(agent)).toBeUndefined();
    expect((await sessionOf(agent)).status).toBe(401);
  });

  test("a callback is accepted once: replaying it is refused", async () => {
    const agent = new HttpAgent();
    const callback = await signInAtProvider(agent, server.baseUrl, OIDC_ACCOUNTS.admin);
    const binding = agent.cookie(server.baseUrl, "printvakt-oidc");
    expect((await deliverCallback(agent, callback)).search).toBe("");
    // Replayed from another browser that copied the binding cookie as well: the pending sign-in is spent.
    const thief = new HttpAgent();
    const replay = await thief.request(callback.href, { headers: { cookie: `printvakt-oidc=${binding}` } });
    expect(replay.headers.get("location")).toBe("/admin/?signin=no-pending-sign-in");
    expect(consoleCookie(thief)).toBeUndefined();
  });

  test("a forged state is refused, and spends the pending sign-in", async () => {
    const agent = new HttpAgent();
    const callback = await signInAtProvider(agent, server.baseUrl, OIDC_ACCOUNTS.admin);
    const forged = new URL(callback);
    forged.searchParams.set("state", "forged-state-value-forged-state-value-forged");
    expect((await deliverCallback(agent, forged)).search).toBe("?signin=invalid-response");
    expect(consoleCookie(agent)).toBeUndefined();
    expect((await deliverCallback(agent, callback)).search).toBe("?signin=no-pending-sign-in");
  });

  test("a callback that belongs to another browser's pending sign-in is refused", async () => {
    const victim = new HttpAgent();
    const attacker = new HttpAgent();
    await signInAtProvider(victim, server.baseUrl, OIDC_ACCOUNTS.auditor);
    const attackerCallback = await signInAtProvider(attacker, server.baseUrl, OIDC_ACCOUNTS.admin);
    // The attacker's whole callback in the victim's browser: the state is not the victim's.
    expect((await deliverCallback(victim, attackerCallback)).search).toBe("?signin=invalid-response");
    expect(consoleCookie(victim)).toBeUndefined();
    // The attacker's code under another victim's own state: the provider refuses it (PKCE verifier mismatch).
    const spliced = new URL(attackerCallback);
    const other = new HttpAgent();
    const otherCallback = await signInAtProvider(other, server.baseUrl, OIDC_ACCOUNTS.auditor);
    spliced.searchParams.set("state", otherCallback.searchParams.get("state")!);
    expect((await deliverCallback(other, spliced)).search).toBe("?signin=code-refused");
    expect(consoleCookie(other)).toBeUndefined();
  });

  test("every sign-in and refusal is audited once, and the client secret is in no log and no audit entry", async () => {
    const { raw, entries } = await exportedAudit();
    const logins = entries.filter((entry) => entry.type === "admin.login");
    expect(logins.map((entry) => [entry.actor, entry.details.role, entry.details.method])).toEqual([
      ["admin:eva", "admin", "oidc"],
      ["admin:ada", "auditor", "oidc"],
      ["admin:eva", "admin", "oidc"],
    ]);
    const refusals = entries.filter((entry) => entry.type === "admin.login-failed").map((entry) => [entry.subject, entry.details.reason]);
    expect(refusals).toEqual([
      ["admin:nils", "oidc-no-console-role"],
      ["admin:olle", "oidc-mfa-required"],
      [null, "oidc-no-pending-sign-in"],
      [null, "oidc-invalid-response"],
      [null, "oidc-no-pending-sign-in"],
      [null, "oidc-invalid-response"],
      [null, "oidc-code-refused"],
    ]);
    expect(raw).not.toContain(idp.clientSecret);
    expect(server.logs.length).toBeGreaterThan(5);
    expect(JSON.stringify(server.logs)).not.toContain(idp.clientSecret);
    expect((await runPrintvakt(["audit", "verify"], { env: { PRINTVAKT_DATA_DIR: server.dataDir } })).code).toBe(0);
  });
});
