// The checks every API request passes before its handler, in this order: same-origin (for
// state-changing methods), a console session (401 without one), the CSRF token, the route's policy.
import { timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import { PrintvaktError } from "../../core/errors.js";
import { originAllowed } from "../realtime/kiosk-namespace.js";
import { findAdmin } from "../store/admins.js";
import type { ApiServices } from "./api-services.js";
import type { ConsoleSession } from "./console-sessions.js";
import { sessionIdOf } from "./cookies.js";

export const CSRF_HEADER = "x-csrf-token";

/** GET and HEAD never change anything; every other method is checked for CSRF. */
export function isStateChanging(method: string): boolean {
  return method !== "GET" && method !== "HEAD";
}

/** A browser on another site sends its own Origin: refuse it outright. */
export function assertSameOrigin(request: Request): void {
  if (!originAllowed(request.headers.origin, request.headers.host, [])) throw new PrintvaktError("forbidden", "Cross-site request refused");
}

export function requireSession(request: Request, services: ApiServices): ConsoleSession {
  const session = services.sessions.use(sessionIdOf(request));
  if (!session) throw new PrintvaktError("not-authenticated", "Log in first");
  return session;
}

/**
 * The account behind a session must still exist with the same role: a directory sync can remove
 * an account or move its role while its sessions are open, and the change must bite at once.
 */
export async function assertAccountCurrent(request: Request, services: ApiServices, session: ConsoleSession): Promise<void> {
  if (session.signedInWith === "identity-provider") return;
  const account = await findAdmin(services.context.db, session.actor.username);
  if (account && account.role === session.actor.role) return;
  services.sessions.end(sessionIdOf(request));
  throw new PrintvaktError("not-authenticated", "Log in first");
}

/**
 * Double submit: the token the page got at login must come back in a header. A cross-site form
 * cannot set headers, and a cross-site script cannot read the token. Requests without a session
 * (login, kiosk pairing) must still carry the header, which forces a CORS preflight we never allow.
 */
export function assertCsrf(request: Request, session: ConsoleSession | undefined): void {
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== "string" || sent.length === 0) throw new PrintvaktError("forbidden", "Missing CSRF token");
  if (session === undefined) return;
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(sent);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new PrintvaktError("forbidden", "Wrong CSRF token");
}
