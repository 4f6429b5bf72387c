// A clock that only moves when a test says so: scheduled callbacks run, in due order, as advance()
// passes their time. Lets timer behaviour be tested in exact steps without sleeping.
import type { Clock, ScheduledTimer } from "../../server/clock.js";

interface Pending {
  dueAt: number;
  order: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  #now: number;
  #order = 0;
  readonly #pending = new Set<Pending>();

  constructor(start = Date.UTC(2026, 11, 1, 9, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  schedule(delayMs: number, callback: () => void): ScheduledTimer {
    const pending = { dueAt: this.#now + Math.max(0, delayMs), order: this.#order++, callback };
    this.#pending.add(pending);
    return { cancel: () => void this.#pending.delete(pending) };
  }

  /** Moves time forward by `milliseconds`, running every callback that falls due on the way. */
  advance(milliseconds: number): void {
    const until = this.#now + milliseconds;
    for (;;) {
      const next = [...this.#pending].filter((pending) => pending.dueAt <= until).sort((left, right) => left.dueAt - right.dueAt || left.order - right.order)[0];
      if (next === undefined) break;
      this.#pending.delete(next);
      this.#now = next.dueAt;
      next.callback();
    }
    this.#now = until;
  }

  /** Callbacks still waiting. */
  get pendingCount(): number {
    return this.#pending.size;
  }
}
