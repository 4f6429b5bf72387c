// Who a verified OpenID Connect sign-in is in the console: a user name and a console role from the
// claims, or a refusal with a reason keyword the console page and the audit both understand.
// Pure: the claims have already been verified (signature, issuer, audience, nonce) by openid-client.
import { canonicalUsername } from "../usernames.js";
import type { ConsoleRole } from "../../policy/admin.js";

export interface OidcRoleSettings {
  roleClaim: string;
  usernameClaim: string;
  adminRole: string | undefined;
  auditorRole: string | undefined;
  /** An admin sign-in must carry one of these amr values (when set). */
  adminAmr: readonly string[] | undefined;
  /** An admin sign-in must carry one of these acr values (when set). */
  adminAcr: readonly string[] | undefined;
}

/** Why a signed-in person gets no console session; the console shows a sentence for each. */
export type OidcRefusal = "no-username" | "bad-username" | "no-console-role" | "mfa-required";

export type OidcDecision = { ok: true; username: string; role: ConsoleRole } | { ok: false; reason: OidcRefusal; username?: string };

/** A claim as a list of strings: identity providers send roles as a list, a string, or space-separated. */
function claimValues(value: unknown): string[] {
  if (typeof value === "string") return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

export function consoleRoleFromClaims(claims: Record<string, unknown>, settings: OidcRoleSettings): OidcDecision {
  const rawName = claims[settings.usernameClaim];
  if (typeof rawName !== "string" || rawName.trim() === "") return { ok: false, reason: "no-username" };
  let username: string;
  try {
    username = canonicalUsername(rawName);
  } catch {
    return { ok: false, reason: "bad-username" };
  }
  const roles = claimValues(claims[settings.roleClaim]);
  // Admin wins over auditor when both are held; an admin who lacks MFA is refused, not demoted,
  // so the person learns that their sign-in was too weak instead of seeing a narrower console.
  if (settings.adminRole !== undefined && roles.includes(settings.adminRole)) {
    if (!strongEnough(claims, settings)) return { ok: false, reason: "mfa-required", username };
    return { ok: true, username, role: "admin" };
  }
  if (settings.auditorRole !== undefined && roles.includes(settings.auditorRole)) return { ok: true, username, role: "auditor" };
  return { ok: false, reason: "no-console-role", username };
}

function strongEnough(claims: Record<string, unknown>, settings: OidcRoleSettings): boolean {
  if (settings.adminAmr !== undefined) {
    const amr = claimValues(claims.amr);
    if (!settings.adminAmr.some((value) => amr.includes(value))) return false;
  }
  if (settings.adminAcr !== undefined) {
    const acr = claims.acr;
    if (typeof acr !== "string" || !settings.adminAcr.includes(acr)) return false;
  }
  return true;
}
