// Caps how many argon2 computations run at once. Each takes ~100 ms and 19 MiB on a thread of
// libuv's pool (4 threads by default), the same pool the spool's file I/O runs on: a flood of
// password or PIN guesses must not be able to take every thread. The pool is one per process, so
// the gate is too. Checks beyond the cap wait in line; when the line is full a check is refused
// at once as "too-many" (a busy answer on every channel) instead of queueing without bound.
import { PrintvaktError } from "../../core/errors.js";

export interface SecretCheckLimits {
  /** argon2 computations running at once. */
  atOnce: number;
  /** Checks that may wait for a free slot; one more is refused. */
  waiting: number;
}

export const DEFAULT_SECRET_CHECK_LIMITS: SecretCheckLimits = { atOnce: 2, waiting: 32 };

export class SecretCheckGate {
  #limits: SecretCheckLimits;
  #active = 0;
  readonly #line: (() => void)[] = [];
  #started = 0;
  #refused = 0;

  constructor(limits: SecretCheckLimits = DEFAULT_SECRET_CHECK_LIMITS) {
    this.#limits = { ...limits };
  }

  /** Set once at server start from the configuration. */
  configure(limits: SecretCheckLimits): void {
    this.#limits = { ...limits };
  }

  /**
   * Runs `work` in a slot. `refuseWhenFull` is for checks an outsider can trigger (logins, PINs):
   * a hash made for something already accepted (a job's PIN at submission) waits however long the line.
   */
  async run<T>(work: () => Promise<T>, options: { refuseWhenFull: boolean }): Promise<T> {
    if (this.#active >= this.#limits.atOnce) {
      if (options.refuseWhenFull && this.#line.length >= this.#limits.waiting) {
        this.#refused += 1;
        throw new PrintvaktError("too-many", "argon2 slots and waiting line are full", { userMessage: "The server is busy checking passwords: try again in a moment" });
      }
      await new Promise<void>((resolve) => this.#line.push(resolve));
    } else {
      this.#active += 1;
    }
    this.#started += 1;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so the count of running checks never dips.
      const next = this.#line.shift();
      if (next) next();
      else this.#active -= 1;
    }
  }

  /** Counters for tests and diagnostics: checks started since start, refused as busy, running, waiting. */
  get stats(): { started: number; refused: number; active: number; waiting: number } {
    return { started: this.#started, refused: this.#refused, active: this.#active, waiting: this.#line.length };
  }
}

/** The process's one gate (see the first lines of this file for why there is only one). */
export const secretCheckGate = new SecretCheckGate();
