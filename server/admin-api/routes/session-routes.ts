// Console login, logout and "who am I": argon2 passwords, limited tries, audited both ways.
import { z } from "zod";
import { keyedHash } from "../../audit/keyed-hash.js";
import { PrintvaktError } from "../../../core/errors.js";
import { hashSecret, verifySecret } from "../../identity/secrets.js";
import { verifyDirectoryLogin } from "../../directory/console-login.js";
import { canonicalUsername } from "../../identity/usernames.js";
import { canViewConsole } from "../../policy/admin.js";
import { findAdmin } from "../../store/admins.js";
import { CLEARED_ON_SUCCESS } from "../login-limiter.js";
import { clearSessionCookie, overTls, sessionIdOf, setSessionCookie } from "../cookies.js";
import { parseInput, type ApiRoute, type PublicCall } from "../route.js";
import { appendAuditAlone } from "../../store/audit-group-commit.js";

const loginBody = z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) });
const WRONG = "The user name or the password is wrong";

// An unknown account costs one argon2 verification too, so the answer time does not tell names apart.
let dummyHash: Promise<string> | undefined;
const comparisonHash = () => (dummyHash ??= hashSecret("printvakt: no such console account"));

function canonicalOrNull(typed: string): string | null {
  try {
    return canonicalUsername(typed);
  } catch {
    return null;
  }
}

async function auditFailure({ services, peer }: PublicCall, typed: string, account: string | null, reason: string): Promise<void> {
  const details: Record<string, string> = { reason, peer };
  if (account === null) details.claimedUserHash = keyedHash(services.context.auditHashKey, typed);
  await appendAuditAlone(services.context.db, { type: "admin.login-failed", actor: null, subject: account === null ? null : `admin:${account}`, details });
}

async function login(call: PublicCall) {
  const { services, peer } = call;
  if (services.tlsConfigured && !overTls(call.request)) throw new PrintvaktError("forbidden", "Log in over https:// (this server has TLS)");
  const { username: typed, password } = parseInput(loginBody, call.request.body);
  const username = canonicalOrNull(typed);
  const limiterKey = username ?? typed.slice(0, 128).toLowerCase();
  const account = username === null ? null : await findAdmin(services.context.db, username);
  // The try is taken before the password is checked, so logins sent at once cannot outrun the limit.
  // Only the first refusal of a window is audited: a flood of refusals cannot grow the log.
  const limited = await services.loginLimiter.take(peer, limiterKey);
  if (!limited.allowed) {
    if (limited.firstRefusal) await auditFailure(call, typed, account?.username ?? null, "rate-limited");
    throw new PrintvaktError("too-many", "Too many failed logins: wait a while and try again");
  }
  // Directory-managed accounts have no local password: the directory decides, by an LDAP bind.
  const viaDirectory = account?.directoryDn != null;
  let matches: boolean;
  try {
    matches = viaDirectory
      ? await verifyDirectoryLogin(services.context.config, account!.directoryDn!, password).catch(async (error: unknown) => {
          await auditFailure(call, typed, account!.username, "directory-unavailable");
          throw error;
        })
      : await verifySecret(account?.passwordHash ?? (await comparisonHash()), password);
  } catch (error) {
    // No answer (directory down, argon2 busy) is no guess: the try is given back.
    await limited.attempt.succeeded();
    throw error;
  }
  if (!account || !matches) {
    await auditFailure(call, typed, account?.username ?? null, account ? "wrong-password" : "unknown-account");
    throw new PrintvaktError("not-authenticated", WRONG);
  }
  await limited.attempt.succeeded({ clear: CLEARED_ON_SUCCESS });
  await appendAuditAlone(services.context.db, { type: "admin.login", actor: `admin:${account.username}`, subject: null, details: { role: account.role, method: viaDirectory ? "directory-bind" : "password", peer } });
  const { id, session } = services.sessions.create({ username: account.username, role: account.role });
  setSessionCookie(call.request, call.response, id);
  return { username: account.username, role: account.role, csrfToken: session.csrfToken };
}

export const sessionRoutes: ApiRoute[] = [
  { method: "POST", path: "/api/login", allow: "public", changes: true, handle: login },
  {
    method: "POST",
    path: "/api/logout",
    allow: canViewConsole,
    changes: false,
    handle: async ({ request, response, services, actor, peer }) => {
      services.sessions.end(sessionIdOf(request));
      clearSessionCookie(request, response);
      // Audited (review L1): the log shows when a console session ended by choice.
      await appendAuditAlone(services.context.db, { type: "admin.logout", actor: `admin:${actor.username}`, subject: null, details: { peer } });
      return { ok: true };
    },
  },
  {
    method: "GET",
    path: "/api/session",
    allow: canViewConsole,
    changes: false,
    handle: async ({ actor, session }) => ({ username: actor.username, role: actor.role, csrfToken: session.csrfToken }),
  },
];
