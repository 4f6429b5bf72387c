// Limits guessing of kiosk pairing codes at POST /api/kiosk/pair. A try is taken before the code
// is checked (server/identity/guess-limiter.ts), so codes sent at once cannot outrun the limit
// (the old get-then-consume let every request in flight through). Per address (IPv6 by /64), and
// across all addresses together so that many addresses cannot grind a ~49-bit code either.
import { addressKey } from "../identity/address-key.js";
import { GuessLimiter, type GuessOutcome } from "../identity/guess-limiter.js";

const WINDOW_SECONDS = 10 * 60;
/** Wrong codes per address per ten minutes. */
export const PAIRING_TRIES_PER_ADDRESS = 10;
/** Wrong codes from all addresses together per ten minutes: 100 × 6 per hour against 2^49 codes. */
export const PAIRING_TRIES_ANYWHERE = 100;

export class PairingLimiter {
  readonly #limiter = new GuessLimiter({
    address: { tries: PAIRING_TRIES_PER_ADDRESS, windowSeconds: WINDOW_SECONDS },
    anywhere: { tries: PAIRING_TRIES_ANYWHERE, windowSeconds: WINDOW_SECONDS },
  });

  /** Takes one try for this address (and the global count), or refuses. */
  take(peer: string): Promise<GuessOutcome> {
    return this.#limiter.take({ address: addressKey(peer), anywhere: "all" });
  }
}
