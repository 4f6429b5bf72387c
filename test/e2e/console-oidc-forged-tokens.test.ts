// Console sign-in against an identity provider that misbehaves on purpose: an ID token for another
// audience (a token the provider issued to some other application, replayed here), from another
// issuer, with another nonce, expired, signed with a key the provider never published, or unsigned.
// Each is refused with no session and one audited refusal; the honest token first shows the
// harness can sign in at all.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../support/free-port.js";
import { HttpAgent } from "../support/oidc-sign-in.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";
import { startRogueIdentityProvider, type RogueIdentityProvider, type TokenForgery } from "../support/rogue-identity-provider.js";

const AUDITOR_ROLE = "printvakt-auditors";
let idp: RogueIdentityProvider;
let server: ServerProcess;
let secretDir: string;

beforeAll(async () => {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/api/login/oidc/callback`;
  idp = await startRogueIdentityProvider({ redirectUri, claims: { username: "ada", roles: [AUDITOR_ROLE] } });
  secretDir = await mkdtemp(path.join(tmpdir(), "printvakt-oidc-forged-"));
  const secretFile = path.join(secretDir, "client-secret");
  await writeFile(secretFile, `${idp.clientSecret}\n`);
  await chmod(secretFile, 0o600);
  server = await startPrintvaktServer({
    PRINTVAKT_PORT: String(port),
    PRINTVAKT_OIDC_ISSUER: idp.issuer,
    PRINTVAKT_OIDC_CLIENT_ID: idp.clientId,
    PRINTVAKT_OIDC_CLIENT_SECRET_FILE: secretFile,
    PRINTVAKT_OIDC_REDIRECT_URI: redirectUri,
    PRINTVAKT_OIDC_AUDITOR_ROLE: AUDITOR_ROLE,
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await idp?.stop();
  if (server) await rm(server.dataDir, { recursive: true, force: true });
  await rm(secretDir, { recursive: true, force: true });
});

/** A whole sign-in with the provider forging as told; where printvakt sent the browser, and the agent. */
async function signInWith(forgery: TokenForgery): Promise<{ agent: HttpAgent; landing: string }> {
  idp.forge(forgery);
  const agent = new HttpAgent();
  const before = idp.tokensIssued();
  const toCallback = await agent.follow(`${server.baseUrl}/api/login/oidc`, (next) => next.pathname === "/api/login/oidc/callback");
  expect(toCallback.stoppedAt, "the provider sends the browser back to printvakt").toBeDefined();
  const response = await agent.request(toCallback.stoppedAt!.href);
  expect(response.status).toBe(302);
  // printvakt redeemed the code: the refusal is about the token, not an earlier step.
  expect(idp.tokensIssued()).toBe(before + 1);
  return { agent, landing: response.headers.get("location")! };
}

const consoleCookie = (agent: HttpAgent) => agent.cookie(server.baseUrl, "printvakt-console");

describe("console sign-in refuses forged ID tokens", () => {
  test("the honest token signs the auditor in (the harness works)", async () => {
    const { agent, landing } = await signInWith("honest");
    expect(landing).toBe("/admin/");
    expect(consoleCookie(agent)).toBeDefined();
    const session = await agent.request(`${server.baseUrl}/api/session`);
    expect(await session.json()).toMatchObject({ username: "ada", role: "auditor" });
  });

  /** The reason the console page is given for each; the audit records the same with an "oidc-" prefix. */
  const REFUSAL: Record<Exclude<TokenForgery, "honest">, string> = {
    "other-audience": "token-invalid",
    "other-issuer": "token-invalid",
    expired: "token-invalid",
    "other-nonce": "token-invalid",
    // openid-client reports a bad signature and an unsigned token as an invalid response.
    "unpublished-key": "invalid-response",
    unsigned: "invalid-response",
  };
  const forgeries = Object.keys(REFUSAL) as (keyof typeof REFUSAL)[];
  for (const forgery of forgeries) {
    test(`a token with ${forgery} gets no session`, async () => {
      const { agent, landing } = await signInWith(forgery);
      expect(landing).toBe(`/admin/?signin=${REFUSAL[forgery]}`);
      expect(consoleCookie(agent)).toBeUndefined();
      expect((await agent.request(`${server.baseUrl}/api/session`)).status).toBe(401);
    });
  }

  test("each forged token is one audited refusal, and only the honest one is a login", async () => {
    const result = await runPrintvakt(["audit", "export", "--format", "jsonl"], { env: { PRINTVAKT_DATA_DIR: server.dataDir } });
    expect(result.code, result.stderr).toBe(0);
    const entries = result.stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string; actor: string | null; details: Record<string, unknown> });
    expect(entries.filter((entry) => entry.type === "admin.login").map((entry) => entry.actor)).toEqual(["admin:ada"]);
    const refusals = entries.filter((entry) => entry.type === "admin.login-failed").map((entry) => entry.details.reason);
    expect(refusals).toHaveLength(forgeries.length);
    expect(refusals).toEqual(forgeries.map((forgery) => `oidc-${REFUSAL[forgery]}`));
  });
});
