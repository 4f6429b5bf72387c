// Console sessions, kept server-side in memory: the browser holds only a random id in an HttpOnly
// cookie. A restart logs every console user out, which is the safe direction; several server
// nodes would need a shared store (documented in docs/admin-console.md). Ids are looked up by
// their SHA-256 so the map itself holds nothing a cookie could be rebuilt from.
import { createHash, randomBytes } from "node:crypto";
import type { ConsoleActor } from "../policy/admin.js";

/** Ends a session nobody has used for this long. */
export const CONSOLE_IDLE_MS = 30 * 60_000;
/** Ends any session this long after login, used or not. */
export const CONSOLE_MAX_AGE_MS = 10 * 3_600_000;

export interface ConsoleSession {
  actor: ConsoleActor;
  /** Sent back by the page in X-CSRF-Token on every state-changing request. */
  csrfToken: string;
  createdAt: number;
  lastUsedAt: number;
  /**
   * "account": a console account in the store, which must still exist with this role on every
   * request. "identity-provider": an OpenID Connect sign-in, whose role the provider vouched for
   * at sign-in; it has no account row and lasts at most CONSOLE_MAX_AGE_MS.
   */
  signedInWith: "account" | "identity-provider";
}

const digest = (id: string) => createHash("sha256").update(id).digest("hex");

export class ConsoleSessions {
  readonly #sessions = new Map<string, ConsoleSession>();

  constructor(private readonly now: () => number = Date.now) {}

  create(actor: ConsoleActor, signedInWith: ConsoleSession["signedInWith"] = "account"): { id: string; session: ConsoleSession } {
    this.#sweep();
    const id = randomBytes(32).toString("base64url");
    const at = this.now();
    const session = { actor, csrfToken: randomBytes(32).toString("base64url"), createdAt: at, lastUsedAt: at, signedInWith };
    this.#sessions.set(digest(id), session);
    return { id, session };
  }

  /** The live session for a cookie value, its idle clock restarted; undefined when unknown or over. */
  use(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined || id.length === 0 || id.length > 100) return undefined;
    const key = digest(id);
    const session = this.#sessions.get(key);
    if (!session) return undefined;
    const at = this.now();
    if (at - session.lastUsedAt > CONSOLE_IDLE_MS || at - session.createdAt > CONSOLE_MAX_AGE_MS) {
      this.#sessions.delete(key);
      return undefined;
    }
    session.lastUsedAt = at;
    return session;
  }

  end(id: string | undefined): void {
    if (id !== undefined) this.#sessions.delete(digest(id));
  }

  #sweep(): void {
    const at = this.now();
    for (const [key, session] of this.#sessions) {
      if (at - session.lastUsedAt > CONSOLE_IDLE_MS || at - session.createdAt > CONSOLE_MAX_AGE_MS) this.#sessions.delete(key);
    }
  }
}
