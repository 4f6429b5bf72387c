// HTTP Basic credentials checked against the user store. IPP clients send them on every request,
// and argon2 costs ~100 ms, so a successful check is remembered briefly (by a hash of the pair),
// and only for as long as the stored password stays the one it was checked against.
import { createHash } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";
import { verifySecret } from "../identity/secrets.js";
import { canonicalUsername } from "../identity/usernames.js";
import type { Database } from "../store/database.js";
import { findUserByName } from "../store/users.js";

const REMEMBER_MS = 5 * 60_000;
const MAX_REMEMBERED = 10_000;

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

  constructor(private readonly db: Database) {}

  /** The canonical user name, or a not-authenticated error (same message whatever was wrong). */
  async verify(credentials: { username: string; password: string }): Promise<string> {
    const fingerprint = createHash("sha256").update(`${credentials.username}\0${credentials.password}`).digest("hex");
    const remembered = this.#remembered.get(fingerprint);
    if (remembered && remembered.until > Date.now()) {
      // A password changed or removed with `printvakt user password` stops working at once.
      const current = await findUserByName(this.db, remembered.username);
      if (current?.passwordHash === remembered.passwordHash) return remembered.username;
      this.#remembered.delete(fingerprint);
    }
    let username: string;
    try {
      username = canonicalUsername(credentials.username);
    } catch {
      throw new PrintvaktError("not-authenticated", "wrong user name or password");
    }
    const user = await findUserByName(this.db, username);
    // Verify against a dummy hash when there is no such user, so timing does not tell.
    const ok = await verifySecret(user?.passwordHash ?? DUMMY_HASH, credentials.password);
    if (!ok || !user?.passwordHash) throw new PrintvaktError("not-authenticated", "wrong user name or password");
    if (this.#remembered.size >= MAX_REMEMBERED) this.#remembered.clear();
    this.#remembered.set(fingerprint, { username, passwordHash: user.passwordHash, until: Date.now() + REMEMBER_MS });
    return username;
  }
}

// argon2id hash of a random string nobody knows; only used to spend the same time on unknown users.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2m8zUQgOM6EYbZ0Zq1yM0Fq8oZ4c2cX5n4eYl1m0kxA";
