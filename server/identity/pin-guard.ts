// Checks PINs at kiosks (a person's card PIN, or a job's own job-password) and keeps the lockout:
// memory-hard hashes, constant-time comparison inside argon2, 5 wrong tries lock for 15 minutes.
import { createHash } from "node:crypto";
import { keyedHash } from "../audit/keyed-hash.js";
import type { AppContext } from "../app-context.js";
import { systemClock, type Clock } from "../clock.js";
import { PrintvaktError } from "../../core/errors.js";
import { afterWrongPin, isLockedOut } from "../policy/pins.js";
import { appendAudit } from "../store/audit-log.js";
import { findUserByName, setPinState, type UserRecord } from "../store/users.js";
import { verifySecret } from "./secrets.js";

/** A job-password is stored as the hash of the PIN's SHA-256 hex (see server/ipp/submission.ts). */
export function jobPinDigest(pin: string): string {
  return createHash("sha256").update(pin, "utf8").digest("hex");
}

export class PinGuard {
  constructor(
    private readonly context: AppContext,
    /** The lockout is timed on this clock, so tests can step past it. */
    private readonly clock: Clock = systemClock,
  ) {}

  assertNotLocked(user: UserRecord): void {
    if (isLockedOut(user, new Date(this.clock.now()))) throw new PrintvaktError("locked", "Too many wrong PINs: try again later");
  }

  /** The person's own PIN; a wrong one counts towards the lockout and is audited. */
  async checkUserPin(user: UserRecord, pin: string, at: { kiosk: string; card: string }): Promise<void> {
    this.assertNotLocked(user);
    const ok = user.pinHash !== null && (await verifySecret(user.pinHash, pin));
    if (!ok) await this.#wrongPin(user, at);
    else if (user.failedPins > 0) await this.context.db.write((tx) => setPinState(tx, user.id, { failedPins: 0, lockedUntil: null }));
  }

  /** A job's own PIN (job-password). Wrong PINs count like wrong card PINs. */
  async checkJobPin(user: UserRecord, pinHash: string, pin: string, at: { kiosk: string; card: string }): Promise<void> {
    this.assertNotLocked(user);
    if (!(await verifySecret(pinHash, jobPinDigest(pin)))) await this.#wrongPin(user, at);
  }

  async #wrongPin(user: UserRecord, at: { kiosk: string; card: string }): Promise<never> {
    const { config } = this.context;
    const now = new Date(this.clock.now());
    const fresh = (await findUserByName(this.context.db, user.username)) ?? user;
    const next = afterWrongPin(fresh, { maxFailures: config.pinMaxFailures, lockoutMs: config.pinLockoutMs }, now);
    const cardHash = keyedHash(this.context.auditHashKey, at.card);
    await this.context.db.write(async (tx) => {
      await setPinState(tx, user.id, { failedPins: next.failedPins, lockedUntil: next.lockedUntil });
      await appendAudit(tx, { type: "pin.failed", actor: `kiosk:${at.kiosk}`, subject: `user:${user.username}`, details: { cardHash, failures: next.failedPins } });
      if (next.lockedNow) {
        await appendAudit(tx, { type: "pin.locked", actor: "system", subject: `user:${user.username}`, details: { kiosk: at.kiosk, failures: next.failedPins, lockedUntil: next.lockedUntil!.toISOString() } });
      }
    });
    if (next.lockedNow) throw new PrintvaktError("locked", "Too many wrong PINs: try again later");
    throw new PrintvaktError("not-authenticated", "Wrong PIN");
  }
}
