// An OpenID Connect provider that misbehaves on purpose: discovery, keys, authorize and token
// endpoints like a real one, but the ID token it signs can name another audience, another issuer,
// another nonce, be expired, signed with a key it never published, or not signed at all.
// No real provider will mint such tokens (oidc-provider refuses to), so the relying party's checks
// against them can only be replayed with this one. It runs in the test's own process.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/** How the next ID token is forged; "honest" is a valid token, so a test can show the harness works. */
export type TokenForgery = "honest" | "other-audience" | "other-issuer" | "expired" | "other-nonce" | "unpublished-key" | "unsigned";

export interface RogueIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the token endpoint does from now on. */
  forge(kind: TokenForgery): void;
  /** Codes redeemed at the token endpoint so far, so a test knows the relying party got that far. */
  tokensIssued(): number;
  stop(): Promise<void>;
}

export interface RogueClaims {
  username: string;
  roles: string[];
}

const base64url = (value: string) => Buffer.from(value).toString("base64url");

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

export async function startRogueIdentityProvider(options: { redirectUri: string; claims: RogueClaims }): Promise<RogueIdentityProvider> {
  const clientId = "printvakt-console";
  const clientSecret = `rogue-secret-${randomBytes(12).toString("hex")}`;
  const published = await generateKeyPair("RS256");
  const unpublished = await generateKeyPair("RS256");
  const publicJwk = { ...(await exportJWK(published.publicKey)), kid: "rogue-1", alg: "RS256", use: "sig" };
  const nonces = new Map<string, string>();
  let forgery: TokenForgery = "honest";
  let issued = 0;
  let issuer = "";

  async function idToken(nonce: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      preferred_username: options.claims.username,
      roles: options.claims.roles,
      nonce: forgery === "other-nonce" ? randomBytes(16).toString("base64url") : nonce,
    };
    const audience = forgery === "other-audience" ? "another-client" : clientId;
    const tokenIssuer = forgery === "other-issuer" ? "https://idp.elsewhere.example" : issuer;
    const [issuedAt, expires] = forgery === "expired" ? [now - 3600, now - 1800] : [now, now + 300];
    if (forgery === "unsigned") {
      const header = base64url(JSON.stringify({ alg: "none", typ: "JWT" }));
      const payload = base64url(JSON.stringify({ ...claims, iss: tokenIssuer, aud: audience, sub: options.claims.username, iat: issuedAt, exp: expires }));
      return `${header}.${payload}.`;
    }
    const key = forgery === "unpublished-key" ? unpublished.privateKey : published.privateKey;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "rogue-1", typ: "JWT" })
      .setIssuer(tokenIssuer)
      .setAudience(audience)
      .setSubject(options.claims.username)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expires)
      .sign(key);
  }

  /** client_secret_basic: both halves are form-urlencoded before base64 (RFC 6749 section 2.3.1). */
  function clientAuthenticated(header: string | undefined): boolean {
    if (!header?.startsWith("Basic ")) return false;
    const [id = "", secret = ""] = Buffer.from(header.slice("Basic ".length), "base64").toString().split(":");
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, " "));
    return decode(id) === clientId && decode(secret) === clientSecret;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", issuer);
    if (url.pathname === "/.well-known/openid-configuration") {
      return sendJson(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic"],
      });
    }
    if (url.pathname === "/jwks") return sendJson(response, 200, { keys: [publicJwk] });
    if (url.pathname === "/authorize") {
      // Signs everyone in at once: the test is about what comes back, not the login form.
      if (url.searchParams.get("client_id") !== clientId || url.searchParams.get("redirect_uri") !== options.redirectUri) return sendJson(response, 400, { error: "invalid_request" });
      const code = randomBytes(16).toString("base64url");
      nonces.set(code, url.searchParams.get("nonce") ?? "");
      const back = new URL(options.redirectUri);
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      back.searchParams.set("iss", issuer);
      response.writeHead(302, { location: back.href });
      return void response.end();
    }
    if (url.pathname === "/token" && request.method === "POST") {
      const form = new URLSearchParams(await readBody(request));
      if (!clientAuthenticated(request.headers.authorization)) return sendJson(response, 401, { error: "invalid_client" });
      const code = form.get("code") ?? "";
      const nonce = nonces.get(code);
      if (nonce === undefined) return sendJson(response, 400, { error: "invalid_grant" });
      nonces.delete(code);
      issued++;
      return sendJson(response, 200, { access_token: randomBytes(16).toString("base64url"), token_type: "Bearer", expires_in: 300, id_token: await idToken(nonce) });
    }
    sendJson(response, 404, { error: "not_found" });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => sendJson(response, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get issuer() {
      return issuer;
    },
    clientId,
    clientSecret,
    forge: (kind) => {
      forgery = kind;
    },
    tokensIssued: () => issued,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
