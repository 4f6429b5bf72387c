// OpenID Connect sign-ins that have left for the identity provider and not come back yet: the
// state, nonce and PKCE verifier each needs, kept on the server. The browser holds only a random
// binding id in a short-lived cookie, so a callback is accepted only in the browser that started it
// (no login CSRF), only once (take() removes it), and only within PENDING_SIGN_IN_MS.
import { createHash, randomBytes } from "node:crypto";

/** Long enough to type a password and answer an MFA prompt; short enough that a stale tab fails. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;
/** Sign-ins started by nobody (a script hitting /api/login/oidc) cannot grow memory past this. */
export const MAX_PENDING_SIGN_INS = 1_000;

export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  startedAt: number;
}

const digest = (id: string) => createHash("sha256").update(id).digest("hex");

export class PendingSignIns {
  // A Map keeps insertion order, so the first entries are the oldest.
  readonly #pending = new Map<string, PendingSignIn>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores a pending sign-in and returns the binding id for the browser's cookie. */
  add(checks: Omit<PendingSignIn, "startedAt">): string {
    this.#sweep();
    while (this.#pending.size >= MAX_PENDING_SIGN_INS) this.#pending.delete(this.#pending.keys().next().value as string);
    const id = randomBytes(32).toString("base64url");
    this.#pending.set(digest(id), { ...checks, startedAt: this.now() });
    return id;
  }

  /** The pending sign-in for this binding id, removed so it can never be used again; undefined when unknown or too old. */
  take(id: string | undefined): PendingSignIn | undefined {
    if (id === undefined || id.length === 0 || id.length > 100) return undefined;
    const key = digest(id);
    const pending = this.#pending.get(key);
    this.#pending.delete(key);
    if (!pending || this.now() - pending.startedAt > PENDING_SIGN_IN_MS) return undefined;
    return pending;
  }

  get size(): number {
    return this.#pending.size;
  }

  #sweep(): void {
    const at = this.now();
    for (const [key, pending] of this.#pending) {
      if (at - pending.startedAt <= PENDING_SIGN_IN_MS) break; // the rest are younger
      this.#pending.delete(key);
    }
  }
}
