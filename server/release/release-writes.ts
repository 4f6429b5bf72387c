// The writes one release makes. At a screen kiosk the first of them also claims the request's
// idempotency key, in the same transaction: a double tap or a reconnecting kiosk is turned away
// before anything changes, and the key costs no transaction of its own before the first byte
// (issue 13). The answer is stored with the last job's claim (release-service.ts). A job's claim is
// one message of SQL to the writes thread (server/store/release-claims.ts); the rarer writes (a
// refusal's record, a key claimed before a PIN check) go through Prisma.
import type { Database, Transaction } from "../store/database.js";
import { claimJobForRelease, type JobClaim } from "../store/release-claims.js";
import { claimReleaseKey, storeReleaseOutcome, type ReleaseKey } from "../store/release-requests.js";
import type { ReleaseOutcome } from "./release-types.js";

/** What a screen kiosk's release records besides its jobs: its key, within the session, and the jobs it asked for. */
export interface ReleaseRecord {
  releaseKey: ReleaseKey;
  jobIds: number[];
}

/** What a write answers when the release's key had been claimed before: it changed nothing. */
export const REPEATED: unique symbol = Symbol("repeated release");

export class ReleaseWrites {
  #keyClaimed: boolean;
  /** The answer stored under the key when it turned out to be claimed before ("pending" while that release runs). */
  earlierAnswer = "pending";

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
    const result = await this.db.write(async (tx) => {
      const claim = await claimReleaseKey(tx, record.releaseKey, record.jobIds);
      if (claim.first) return work(tx);
      this.earlierAnswer = claim.outcome;
      return REPEATED;
    });
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

  /**
   * Claims a job (held or may-have-printed → releasing) in one transaction with the key, when it is
   * not claimed yet, and with `answer` (the kiosk's answer should the job be claimed), when given.
   */
  async claimJob(claim: JobClaim, answer: ReleaseOutcome[] | undefined): Promise<{ claimed: boolean; answerStored: boolean } | typeof REPEATED> {
    const record = this.record;
    const key = record === undefined ? undefined : { ...record, claim: !this.#keyClaimed, ...(answer === undefined ? {} : { answer: JSON.stringify(answer) }) };
    const result = await claimJobForRelease(this.db, claim, key);
    this.#keyClaimed = true;
    if (!result.repeated) return result;
    this.earlierAnswer = result.earlierAnswer;
    return REPEATED;
  }

  /** Whether there is an answer to keep (a screen kiosk's release). */
  get keepsAnswer(): boolean {
    return this.record !== undefined;
  }

  /** The answer, in the transaction `tx`, when there is a record to keep. */
  async recordAnswer(tx: Transaction, outcomes: ReleaseOutcome[]): Promise<void> {
    if (this.record !== undefined) await storeReleaseOutcome(tx, this.record.releaseKey, JSON.stringify(outcomes));
  }
}
