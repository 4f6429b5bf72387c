// The writes one release makes. At a screen kiosk the first of them also claims the request's
// idempotency key, in the same transaction: a double tap or a reconnecting kiosk is turned away
// before anything changes, and the key costs no transaction of its own before the first byte
// (issue 13). The answer is stored with the last job's claim (release-service.ts).
import type { Database, Transaction } from "../store/database.js";
import type { ReleaseOutcome } from "./release-types.js";

/** What a screen kiosk's release records besides its jobs (server/store/release-requests.ts). */
export interface ReleaseRecord {
  /** Claims the request's key; false when it was claimed before, and then nothing may change. */
  claimKey(tx: Transaction): Promise<boolean>;
  /** Stores the answer, which a repeated key gets again. */
  recordAnswer(tx: Transaction, outcomes: ReleaseOutcome[]): Promise<void>;
}

/** What a write answers when the release's key had been claimed before: it changed nothing. */
export const REPEATED: unique symbol = Symbol("repeated release");

export class ReleaseWrites {
  #keyClaimed: boolean;

  constructor(
    private readonly db: Database,
    private readonly record: ReleaseRecord | undefined,
  ) {
    this.#keyClaimed = record === undefined;
  }

  /** Runs `work` in one transaction; the release's first also claims the key, and runs `work` only if it got it. */
  async write<T>(work: (tx: Transaction) => Promise<T>): Promise<T | typeof REPEATED> {
    const record = this.record;
    if (this.#keyClaimed || record === undefined) return this.db.write(work);
    const result = await this.db.write(async (tx) => ((await record.claimKey(tx)) ? work(tx) : REPEATED));
    this.#keyClaimed = true;
    return result;
  }

  /**
   * Claims the key now, before a change written elsewhere (a PIN check counts failures). Once it is
   * claimed (or there is none, at a reader-only kiosk) there is nothing to write: an empty
   * transaction would cost an fsync, and could fail midway through a release for nothing.
   */
  claimKey(): Promise<undefined | typeof REPEATED> {
    if (this.#keyClaimed) return Promise.resolve(undefined);
    return this.write(async () => undefined);
  }

  /** The answer, in the transaction `tx` (the last job's claim), when there is a record to keep. */
  async recordAnswer(tx: Transaction, outcomes: ReleaseOutcome[]): Promise<boolean> {
    if (this.record === undefined) return false;
    await this.record.recordAnswer(tx, outcomes);
    return true;
  }
}
