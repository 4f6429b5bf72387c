// Console sign-in with OpenID Connect: which login methods the console offers, the redirect to the
// identity provider, and the callback that turns a verified sign-in with a console role into the
// same console session a password login creates. Every sign-in, refusal and failure is audited;
// the browser is sent back to the console with a reason keyword, never with the provider's text.
import type { Request, Response } from "express";
import { PrintvaktError } from "../../../core/errors.js";
import { consoleRoleFromClaims } from "../../identity/oidc/console-role.js";
import { oidcFailureOf } from "../../identity/oidc/oidc-client.js";
import { overTls, readCookie, setSessionCookie } from "../cookies.js";
import { PENDING_SIGN_IN_MS } from "../oidc-pending-sign-ins.js";
import type { ApiRoute, PublicCall } from "../route.js";
import { appendAuditAlone } from "../../store/audit-group-commit.js";

/** Ties a callback to the browser that started the sign-in (see oidc-pending-sign-ins.ts). */
const BINDING_COOKIE = "printvakt-oidc";
const CONSOLE_PAGE = "/admin/";

// SameSite=Lax, not Strict: the callback arrives as a top-level navigation from the provider's
// site, and a Strict cookie would not be sent with it. The path keeps it off every other request.
function bindingCookie(request: Request, value: string, maxAgeSeconds: number): string {
  const attributes = [`${BINDING_COOKIE}=${value}`, "Path=/api/login/oidc", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (overTls(request)) attributes.push("Secure");
  return attributes.join("; ");
}

/** Back to the console page, which shows a sentence for the reason keyword. */
function backToConsole(response: Response, reason?: string): undefined {
  response.redirect(302, reason === undefined ? CONSOLE_PAGE : `${CONSOLE_PAGE}?signin=${encodeURIComponent(reason)}`);
  return undefined;
}

async function auditRefusal({ services, peer }: PublicCall, reason: string, username?: string): Promise<void> {
  const subject = username === undefined ? null : `admin:${username}`;
  await appendAuditAlone(services.context.db, { type: "admin.login-failed", actor: null, subject, details: { reason: `oidc-${reason}`, peer } });
}

function requireOidc(call: PublicCall) {
  const oidc = call.services.oidc;
  if (oidc === undefined) throw new PrintvaktError("not-found", "OpenID Connect sign-in is not configured");
  return oidc;
}

async function startSignIn(call: PublicCall) {
  const oidc = requireOidc(call);
  let started;
  try {
    started = await oidc.start();
  } catch (error) {
    call.services.logger.warn({ err: error instanceof PrintvaktError ? error.message : "unexpected" }, "OpenID Connect sign-in could not start");
    await auditRefusal(call, "provider-unavailable");
    return backToConsole(call.response, "provider-unavailable");
  }
  const bindingId = call.services.oidcPending.add(started.checks);
  call.response.setHeader("Set-Cookie", bindingCookie(call.request, bindingId, Math.floor(PENDING_SIGN_IN_MS / 1000)));
  call.response.redirect(302, started.url.href);
  return undefined;
}

async function finishSignIn(call: PublicCall) {
  const oidc = requireOidc(call);
  const { request, response, services, peer } = call;
  const pending = services.oidcPending.take(readCookie(request, BINDING_COOKIE));
  // Whatever happens next, this browser's pending sign-in is spent.
  const clearBinding = bindingCookie(request, "", 0);
  response.setHeader("Set-Cookie", clearBinding);
  if (pending === undefined) {
    await auditRefusal(call, "no-pending-sign-in");
    return backToConsole(response, "no-pending-sign-in");
  }
  const queryStart = request.originalUrl.indexOf("?");
  let claims: Record<string, unknown>;
  try {
    claims = await oidc.finish(queryStart < 0 ? "" : request.originalUrl.slice(queryStart), pending);
  } catch (error) {
    const reason = error instanceof PrintvaktError ? oidcFailureOf(error) : "sign-in-failed";
    services.logger.warn({ reason }, "OpenID Connect callback refused");
    await auditRefusal(call, reason);
    return backToConsole(response, reason);
  }
  const decision = consoleRoleFromClaims(claims, oidc.roleSettings);
  if (!decision.ok) {
    await auditRefusal(call, decision.reason, decision.username);
    return backToConsole(response, decision.reason);
  }
  const { username, role } = decision;
  await appendAuditAlone(services.context.db, { type: "admin.login", actor: `admin:${username}`, subject: null, details: { role, method: "oidc", peer } });
  const { id } = services.sessions.create({ username, role }, "identity-provider");
  setSessionCookie(request, response, id);
  response.append("Set-Cookie", clearBinding);
  return backToConsole(response);
}

export const oidcRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/login/methods",
    allow: "public",
    changes: false,
    // The console's default language (PRINTVAKT_LANGUAGE) rides along: the login page is shown before anyone logs in.
    handle: async ({ services }) => ({
      password: true,
      oidc: services.oidc === undefined ? null : { name: services.oidc.providerName, start: "/api/login/oidc" },
      language: services.context.config.language,
    }),
  },
  { method: "GET", path: "/api/login/oidc", allow: "public", changes: false, handle: startSignIn },
  { method: "GET", path: "/api/login/oidc/callback", allow: "public", changes: true, handle: finishSignIn },
];
