// Checks PINs at kiosks (a person's card PIN, or a job's own job-password) and keeps the lockout:
// memory-hard hashes, constant-time comparison inside argon2, 5 wrong tries lock for 15 minutes.
// A place is taken for each try before argon2 runs, counted against the stored failures (see
// server/policy/pins.ts): tries sent at once, on one session or many kiosks, cannot outrun the count.
import { createHash } from "node:crypto";
import type { AppContext } from "../app-context.js";
import { systemClock, type Clock } from "../clock.js";
import { PrintvaktError } from "../../core/errors.js";
import { afterWrongPin, isLockedOut, mayTryPin } from "../policy/pins.js";
import { appendAudit } from "../store/audit-log.js";
import { readPinState, setPinState, type UserRecord } from "../store/users.js";
import { verifySecret } from "./secrets.js";

/** A job-password is stored as the hash of the PIN's SHA-256 hex (see server/ipp/submission.ts). */
export function jobPinDigest(pin: string): string {
  return createHash("sha256").update(pin, "utf8").digest("hex");
}

const LOCKED = "Too many wrong PINs: try again later";
/** Where a PIN was tried: the kiosk, and the keyed hash of the card that opened the session. */
type Where = { kiosk: string; cardHash: string };

/** "locked", with the end of the lock when it is known, so the kiosk can say "try again after 16:57". */
function lockedError(lockedUntil: Date | null): PrintvaktError {
  return new PrintvaktError("locked", LOCKED, lockedUntil ? { answer: { lockedUntil: lockedUntil.toISOString() } } : {});
}

export class PinGuard {
  /** PIN checks under way per person (user id), across every session and kiosk of this server. */
  readonly #inFlight = new Map<number, number>();

  constructor(
    private readonly context: AppContext,
    /** The lockout is timed on this clock, so tests can step past it. */
    private readonly clock: Clock = systemClock,
  ) {}

  assertNotLocked(user: UserRecord): void {
    if (isLockedOut(user, new Date(this.clock.now()))) throw lockedError(user.lockedUntil);
  }

  /** The person's own PIN; a wrong one counts towards the lockout and is audited; a right one clears the count. */
  async checkUserPin(user: UserRecord, pin: string, at: Where): Promise<void> {
    await this.#reserve(user);
    try {
      const ok = user.pinHash !== null && (await verifySecret(user.pinHash, pin));
      if (!ok) await this.#wrongPin(user, at);
      await this.context.db.write(async (tx) => {
        if ((await readPinState(tx, user.id)).failedPins > 0) await setPinState(tx, user.id, { failedPins: 0, lockedUntil: null });
      });
    } finally {
      this.#release(user);
    }
  }

  /** A job's own PIN (job-password). Wrong PINs count like wrong card PINs. */
  async checkJobPin(user: UserRecord, pinHash: string, pin: string, at: Where): Promise<void> {
    await this.#reserve(user);
    try {
      if (!(await verifySecret(pinHash, jobPinDigest(pin)))) await this.#wrongPin(user, at);
    } finally {
      this.#release(user);
    }
  }

  /**
   * Takes a place for one check, or refuses as locked. The stored count is read and the place taken
   * inside a write transaction: those run one at a time, so no failure can be recorded between the
   * read and the taking, and guesses sent at once never get more checks than the policy allows.
   */
  async #reserve(user: UserRecord): Promise<void> {
    this.assertNotLocked(user);
    const policy = { maxFailures: this.context.config.pinMaxFailures, lockoutMs: this.context.config.pinLockoutMs };
    // A plain read first turns a flood away without queueing a write transaction per guess.
    const seen = await readPinState(this.context.db, user.id);
    if (!mayTryPin(seen, this.#inFlight.get(user.id) ?? 0, policy, new Date(this.clock.now()))) throw lockedError(isLockedOut(seen, new Date(this.clock.now())) ? seen.lockedUntil : null);
    const reserved = await this.context.db.write(async (tx) => {
      const state = await readPinState(tx, user.id);
      const allowed = mayTryPin(state, this.#inFlight.get(user.id) ?? 0, policy, new Date(this.clock.now()));
      if (allowed) this.#inFlight.set(user.id, (this.#inFlight.get(user.id) ?? 0) + 1);
      return allowed;
    });
    if (!reserved) throw lockedError(null);
  }

  /** Called once the outcome is stored, so a waiting check never sees neither the try nor its failure. */
  #release(user: UserRecord): void {
    const left = (this.#inFlight.get(user.id) ?? 1) - 1;
    if (left > 0) this.#inFlight.set(user.id, left);
    else this.#inFlight.delete(user.id);
  }

  async #wrongPin(user: UserRecord, at: Where): Promise<never> {
    const { config } = this.context;
    const now = new Date(this.clock.now());
    const { cardHash } = at;
    const next = await this.context.db.write(async (tx) => {
      const after = afterWrongPin(await readPinState(tx, user.id), { maxFailures: config.pinMaxFailures, lockoutMs: config.pinLockoutMs }, now);
      await setPinState(tx, user.id, { failedPins: after.failedPins, lockedUntil: after.lockedUntil });
      await appendAudit(tx, { type: "pin.failed", actor: `kiosk:${at.kiosk}`, subject: `user:${user.username}`, details: { cardHash, failures: after.failedPins } });
      if (after.lockedNow) {
        await appendAudit(tx, { type: "pin.locked", actor: "system", subject: `user:${user.username}`, details: { kiosk: at.kiosk, failures: after.failedPins, lockedUntil: after.lockedUntil!.toISOString() } });
      }
      return after;
    });
    if (next.lockedNow) throw lockedError(next.lockedUntil);
    // The person at the kiosk is told how many tries are left, as a bank card terminal does.
    throw new PrintvaktError("not-authenticated", "Wrong PIN", { answer: { triesLeft: Math.max(0, config.pinMaxFailures - next.failedPins) } });
  }
}
