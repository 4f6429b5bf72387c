// How long the server has actually held a job, on a clock a wall-clock step cannot move.
//
// Retention purges a job only when both clocks say its hold time is up: the wall clock (expiresAt)
// and this one (holdDueHeldMs). The wall clock alone let one bad step destroy every held job (review
// D11: +5 h for four seconds; a machine that booted a day behind and was then corrected by NTP).
//
// One server-wide reading rather than a held-time column per job: the clock counts milliseconds the
// server has run (performance.now(), CLOCK_MONOTONIC, untouched by date changes), starting from the
// reading stored in the database, and each job records the reading at which its hold is up. Keeping
// it costs one small row written per retention tick, whatever the number of held jobs; per-job
// counters would rewrite every held row each time. What it does not count: time the server was
// stopped (or the host suspended). A job therefore waits its whole hold time in server running time,
// and a crash loses at most the time since the last stored reading: both only ever hold a job
// longer, never shorter.
import type { Database } from "../store/database.js";
import { readHeldClock, saveHeldClock } from "../store/held-clock.js";

export class HeldTime {
  readonly #base: number;
  readonly #startedAt: number;
  readonly #monotonic: () => number;

  private constructor(base: number, monotonic: () => number) {
    this.#base = base;
    this.#monotonic = monotonic;
    this.#startedAt = monotonic();
  }

  /** Continues from the stored reading. `monotonic` is replaceable for unit tests only. */
  static async open(db: Database, monotonic: () => number = () => performance.now()): Promise<HeldTime> {
    return new HeldTime(await readHeldClock(db), monotonic);
  }

  /** The reading now: stored reading at start plus monotonic time since. */
  now(): number {
    return this.#base + Math.max(0, Math.floor(this.#monotonic() - this.#startedAt));
  }

  /** The reading at which a hold of `holdMs` that starts now is up. */
  dueAfter(holdMs: number): bigint {
    return BigInt(this.now() + Math.max(0, Math.ceil(holdMs)));
  }

  /** Stores the reading, so that the next start continues from it (each retention tick and at shutdown). */
  async save(db: Database): Promise<void> {
    const reading = this.now();
    await db.write((tx) => saveHeldClock(tx, reading));
  }
}
