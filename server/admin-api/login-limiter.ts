// Limits password guessing at the console login. A try is taken before the password is checked
// (server/identity/guess-limiter.ts), so logins sent at once cannot outrun the limits; a right
// password gives its try back and clears its account's counts. Addresses count by IPv6 /64.
import { addressKey } from "../identity/address-key.js";
import { GuessLimiter, type GuessOutcome } from "../identity/guess-limiter.js";

/** Tries per address per 15 minutes, whatever account they try. */
export const FAILURES_PER_ADDRESS = 20;
/** Tries per address and account per 15 minutes. */
export const FAILURES_PER_ACCOUNT = 5;
/** Tries per account per 15 minutes from all addresses together, against guessing spread over many. */
export const FAILURES_PER_ACCOUNT_ANYWHERE = 10;
const WINDOW_SECONDS = 15 * 60;

export class LoginLimiter {
  readonly #limiter = new GuessLimiter({
    address: { tries: FAILURES_PER_ADDRESS, windowSeconds: WINDOW_SECONDS },
    addressAccount: { tries: FAILURES_PER_ACCOUNT, windowSeconds: WINDOW_SECONDS },
    account: { tries: FAILURES_PER_ACCOUNT_ANYWHERE, windowSeconds: WINDOW_SECONDS },
  });

  /** Takes one try for this address and account, or refuses; report success on the try. */
  take(peer: string, account: string): Promise<GuessOutcome> {
    const address = addressKey(peer);
    return this.#limiter.take({ address, addressAccount: `${address}|${account}`, account });
  }
}

/** What a right password clears (the address keeps its count, less this try). */
export const CLEARED_ON_SUCCESS = ["addressAccount", "account"] as const;
