// The relying party side of console sign-in with OpenID Connect, through openid-client (a certified
// implementation): discovery, the authorization code flow with PKCE, state and nonce, and the
// verified claims of the ID token (signature, issuer, audience, nonce, expiry are openid-client's).
// The client secret is read once from its 0600 file and lives only inside openid-client's closure.
import type * as OpenIdClient from "openid-client";
import { PrintvaktError } from "../../../core/errors.js";
import type { Config } from "../../config.js";
import { readSecretFile } from "../secret-file.js";
import type { OidcRoleSettings } from "./console-role.js";

/** What the callback must check: kept server-side between the redirect and the callback. */
export interface SignInChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why a callback failed, as a keyword for the audit and the console page (never the library's text). */
export type OidcFailure = "provider-refused" | "code-refused" | "invalid-response" | "token-invalid" | "provider-unavailable" | "sign-in-failed";

/** The reason keyword a failed finish() carries in its PrintvaktError's details. */
export function oidcFailureOf(error: PrintvaktError): OidcFailure {
  return (error.details?.oidcFailure as OidcFailure | undefined) ?? "sign-in-failed";
}

export interface OidcSignIn {
  /** Shown on the console button: "Sign in with <providerName>". */
  providerName: string;
  roleSettings: OidcRoleSettings;
  /** A fresh state, nonce and PKCE verifier, and the provider URL to send the browser to. */
  start(): Promise<{ url: URL; checks: SignInChecks }>;
  /** Redeems the code in the callback's query and returns the verified claims; throws a PrintvaktError (see oidcFailureOf). */
  finish(callbackQuery: string, checks: SignInChecks): Promise<Record<string, unknown>>;
}

const SCOPE = "openid profile";
/** Seconds the provider has to answer one request (discovery, token, userinfo). */
const PROVIDER_TIMEOUT_SECONDS = 10;

/** openid-client's error codes for an ID token that is not the provider's, or not for this sign-in. */
const TOKEN_INVALID_CODES = new Set([
  "OAUTH_JWT_CLAIM_COMPARISON_FAILED",
  "OAUTH_JWT_TIMESTAMP_CHECK_FAILED",
  "OAUTH_KEY_SELECTION_FAILED",
]);

function failureOf(client: typeof OpenIdClient, error: unknown): OidcFailure {
  if (error instanceof client.AuthorizationResponseError) return "provider-refused";
  if (error instanceof client.ResponseBodyError) return "code-refused";
  const code = (error as { code?: unknown }).code;
  if (code === "OAUTH_INVALID_RESPONSE") return "invalid-response";
  if (typeof code === "string" && TOKEN_INVALID_CODES.has(code)) return "token-invalid";
  if (error instanceof PrintvaktError && error.code === "unavailable") return "provider-unavailable";
  return "sign-in-failed";
}

/** Reads the secret (refusing startup on a readable file) when OIDC is configured; undefined otherwise. */
export async function openOidcSignIn(config: Config): Promise<OidcSignIn | undefined> {
  const { oidcIssuer: issuer, oidcClientId: clientId, oidcClientSecretFile: secretFile, oidcRedirectUri: redirectUri } = config;
  if (issuer === undefined || clientId === undefined || secretFile === undefined || redirectUri === undefined) return undefined;
  const secret = await readSecretFile(secretFile, "PRINTVAKT_OIDC_CLIENT_SECRET_FILE");
  // Loaded only where OIDC is configured: a server without it never needs openid-client and jose
  // (about 1 MiB of heap for as long as it runs; issue 13, idle memory).
  const client = await import("openid-client");
  const issuerUrl = new URL(issuer);
  // config.ts allows http:// only for a loopback issuer; openid-client needs to be told so.
  // openid-client trusts an ID token from the token endpoint on the strength of TLS alone (OIDC Core
  // 3.1.3.7 allows that); Printvakt also checks its signature against the provider's published keys,
  // so a TLS-intercepting proxy or a mis-issued certificate cannot hand the console a forged admin.
  const execute = [client.enableNonRepudiationChecks, ...(issuerUrl.protocol === "http:" ? [client.allowInsecureRequests] : [])];
  // Discovery is lazy and retried: an identity provider that is down must not stop printing.
  let discovered: Promise<OpenIdClient.Configuration> | undefined;
  const configuration = (): Promise<OpenIdClient.Configuration> =>
    (discovered ??= client.discovery(issuerUrl, clientId, undefined, client.ClientSecretBasic(secret), { execute, timeout: PROVIDER_TIMEOUT_SECONDS }).catch((error: unknown) => {
      discovered = undefined;
      throw new PrintvaktError("unavailable", `OpenID Connect discovery at ${issuer} failed: ${(error as Error).name}`, { userMessage: "The identity provider cannot be reached", cause: error });
    }));
  const roleSettings: OidcRoleSettings = {
    roleClaim: config.oidcRoleClaim,
    usernameClaim: config.oidcUsernameClaim,
    adminRole: config.oidcAdminRole,
    auditorRole: config.oidcAuditorRole,
    adminAmr: config.oidcAdminAmr,
    adminAcr: config.oidcAdminAcr,
  };
  return {
    providerName: config.oidcProviderName ?? issuerUrl.host,
    roleSettings,
    async start() {
      const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(await configuration(), {
        redirect_uri: redirectUri,
        scope: SCOPE,
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: "S256",
      });
      return { url, checks };
    },
    async finish(callbackQuery, checks) {
      try {
        const settings = await configuration();
        // The configured redirect URI with the query as received: exactly what was registered and sent.
        const currentUrl = new URL(redirectUri);
        currentUrl.search = callbackQuery;
        const tokens = await client.authorizationCodeGrant(settings, currentUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims() as Record<string, unknown>;
        if (idClaims[roleSettings.usernameClaim] !== undefined && idClaims[roleSettings.roleClaim] !== undefined) return idClaims;
        // Some providers put profile claims only in userinfo; amr and acr count only from the ID token.
        const userInfo = await client.fetchUserInfo(settings, tokens.access_token, idClaims.sub as string);
        return { ...userInfo, ...idClaims, amr: idClaims.amr, acr: idClaims.acr };
      } catch (error) {
        const reason = failureOf(client, error);
        throw new PrintvaktError("not-authenticated", `OpenID Connect callback failed: ${reason}`, { userMessage: "The sign-in could not be completed", details: { oidcFailure: reason }, cause: error });
      }
    },
  };
}
