// HTTP Basic credentials checked against the user store. IPP clients send them on every request,
// and argon2 costs ~100 ms, so a successful check is remembered briefly (by a hash of the pair),
// and only for as long as the stored password stays the one it was checked against. Guessing is
// limited like the console login: a try is taken before the password is checked (per address,
// per address and account, per account across addresses; IPv6 by /64), a right one gives it back.
import { createHash } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";
import { addressKey } from "../identity/address-key.js";
import { GuessLimiter } from "../identity/guess-limiter.js";
import { verifySecret } from "../identity/secrets.js";
import { canonicalUsername } from "../identity/usernames.js";
import type { Database } from "../store/database.js";
import { findUserByName } from "../store/users.js";

const REMEMBER_MS = 5 * 60_000;
const MAX_REMEMBERED = 10_000;

const WINDOW_SECONDS = 15 * 60;
/** Tries per 15 minutes: per address (whatever account), per address and account, per account from anywhere. */
export const BASIC_AUTH_LIMITS = {
  address: { tries: 30, windowSeconds: WINDOW_SECONDS },
  addressAccount: { tries: 5, windowSeconds: WINDOW_SECONDS },
  account: { tries: 10, windowSeconds: WINDOW_SECONDS },
} as const;

const WRONG = "wrong user name or password";

/** A refusal of credentials; `account` is the account they named when it exists (for the audit's subject). */
function refused(code: "not-authenticated" | "too-many", message: string, claimedUser: string, account: string | null): PrintvaktError {
  return new PrintvaktError(code, message, { details: { claimedUser, account } });
}

export function parseBasicAuthorization(header: string | undefined): { username: string; password: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header.trim());
  if (!match) throw new PrintvaktError("not-authenticated", "only HTTP Basic authentication is supported");
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) throw new PrintvaktError("not-authenticated", "malformed credentials");
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class BasicAuthVerifier {
  readonly #remembered = new Map<string, { username: string; passwordHash: string; until: number }>();
  readonly #limiter = new GuessLimiter(BASIC_AUTH_LIMITS);

  constructor(private readonly db: Database) {}

  /**
   * The canonical user name, or an error: "not-authenticated" (same message whatever was wrong),
   * or "too-many" once the tries are used up. Its details name the claimed user and, when it
   * exists, the account, for the audit.
   */
  async verify(credentials: { username: string; password: string }, peer: string): Promise<string> {
    const fingerprint = createHash("sha256").update(`${credentials.username}\0${credentials.password}`).digest("hex");
    const remembered = this.#remembered.get(fingerprint);
    if (remembered && remembered.until > Date.now()) {
      // A password changed or removed with `printvakt user password` stops working at once.
      const current = await findUserByName(this.db, remembered.username);
      if (current?.passwordHash === remembered.passwordHash) return remembered.username;
      this.#remembered.delete(fingerprint);
    }
    let username: string | null;
    try {
      username = canonicalUsername(credentials.username);
    } catch {
      username = null;
    }
    const user = username === null ? null : await findUserByName(this.db, username);
    const account = user?.username ?? null;
    const address = addressKey(peer);
    const accountKey = username ?? credentials.username.slice(0, 128).toLowerCase();
    const limited = await this.#limiter.take({ address, addressAccount: `${address}|${accountKey}`, account: accountKey });
    if (!limited.allowed) throw refused("too-many", "Too many wrong passwords: wait a while and try again", credentials.username, account);
    let ok: boolean;
    try {
      // Verify against a dummy hash when there is no such user, so timing does not tell.
      ok = await verifySecret(user?.passwordHash ?? DUMMY_HASH, credentials.password);
    } catch (error) {
      await limited.attempt.succeeded(); // not checked (argon2 busy): no guess was made
      throw error;
    }
    if (!ok || !user?.passwordHash) throw refused("not-authenticated", WRONG, credentials.username, account);
    await limited.attempt.succeeded({ clear: ["addressAccount", "account"] });
    if (this.#remembered.size >= MAX_REMEMBERED) this.#remembered.clear();
    this.#remembered.set(fingerprint, { username: user.username, passwordHash: user.passwordHash, until: Date.now() + REMEMBER_MS });
    return user.username;
  }
}

// argon2id hash of a random string nobody knows; only used to spend the same time on unknown users.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2m8zUQgOM6EYbZ0Zq1yM0Fq8oZ4c2cX5n4eYl1m0kxA";
