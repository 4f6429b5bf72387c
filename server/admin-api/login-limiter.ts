// Slows down password guessing at the console login: per address and per (address, account), only
// failures count, and a success clears its account's count. Refused attempts are audited too.
import { RateLimiterMemory } from "rate-limiter-flexible";

/** Failures per address per 15 minutes, whatever account they try. */
export const FAILURES_PER_ADDRESS = 20;
/** Failures per address and account per 15 minutes. */
export const FAILURES_PER_ACCOUNT = 5;
const WINDOW_SECONDS = 15 * 60;

export class LoginLimiter {
  readonly #byAddress = new RateLimiterMemory({ points: FAILURES_PER_ADDRESS, duration: WINDOW_SECONDS });
  readonly #byAccount = new RateLimiterMemory({ points: FAILURES_PER_ACCOUNT, duration: WINDOW_SECONDS });

  /** True while this address, or this address for this account, has used up its failures. */
  async isBlocked(address: string, account: string): Promise<boolean> {
    const [byAddress, byAccount] = await Promise.all([this.#byAddress.get(address), this.#byAccount.get(`${address}|${account}`)]);
    return (byAddress !== null && byAddress.remainingPoints <= 0) || (byAccount !== null && byAccount.remainingPoints <= 0);
  }

  async failed(address: string, account: string): Promise<void> {
    // consume() rejects once the points are gone; that is the state isBlocked() reads, not an error.
    await Promise.all([this.#byAddress.consume(address).catch(() => undefined), this.#byAccount.consume(`${address}|${account}`).catch(() => undefined)]);
  }

  async succeeded(address: string, account: string): Promise<void> {
    await this.#byAccount.delete(`${address}|${account}`);
  }
}
