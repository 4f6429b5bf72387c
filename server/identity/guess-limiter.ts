// Limits on guessing a secret (console passwords, printing passwords over HTTP Basic, pairing
// codes), counted per key in rate-limiter-flexible's memory store. A try is TAKEN before the
// secret is checked and given back when it was right: requests sent at once each take a place,
// so no more tries than the limit are ever checked in a window. Checking first and counting after
// (as before) let every request in flight through.
import { RateLimiterMemory } from "./rate-limiter-memory.js";

export interface GuessLimit {
  /** Tries allowed per key in the window. */
  tries: number;
  windowSeconds: number;
}

/** A try that was taken; say how it went once the secret has been checked. */
export interface GuessTry {
  /** The secret was right: the try is given back and, where asked, the key's count cleared. */
  succeeded(options?: { clear?: readonly string[] }): Promise<void>;
}

export type GuessOutcome = { allowed: true; attempt: GuessTry } | { allowed: false; /** the first refusal of its window for some key */ firstRefusal: boolean };

export class GuessLimiter<Scope extends string> {
  readonly #limiters: Record<Scope, RateLimiterMemory>;

  constructor(private readonly limits: Readonly<Record<Scope, GuessLimit>>) {
    this.#limiters = Object.fromEntries(
      Object.entries<GuessLimit>(limits).map(([scope, limit]) => [scope, new RateLimiterMemory({ points: limit.tries, duration: limit.windowSeconds })]),
    ) as Record<Scope, RateLimiterMemory>;
  }

  /**
   * Takes one try from every scope's key. When any key is used up, nothing is checked and the
   * other keys get their try back (a refused request costs nobody a place).
   */
  async take(keys: Readonly<Record<Scope, string>>): Promise<GuessOutcome> {
    const scopes = Object.keys(keys) as Scope[];
    const results = await Promise.all(scopes.map((scope) => this.#limiters[scope].consume(keys[scope]).then((result) => ({ scope, over: false, consumed: result.consumedPoints }), (result: { consumedPoints: number }) => ({ scope, over: true, consumed: result.consumedPoints }))));
    const over = results.filter((result) => result.over);
    if (over.length > 0) {
      await Promise.all(results.filter((result) => !result.over).map((result) => this.#limiters[result.scope].reward(keys[result.scope], 1)));
      return { allowed: false, firstRefusal: over.some((result) => result.consumed === this.limits[result.scope].tries + 1) };
    }
    return {
      allowed: true,
      attempt: {
        succeeded: async (options = {}) => {
          const clear = new Set(options.clear ?? []);
          await Promise.all(scopes.map((scope) => (clear.has(scope) ? this.#limiters[scope].delete(keys[scope]) : this.#limiters[scope].reward(keys[scope], 1))));
        },
      },
    };
  }
}
