// The time source for code that waits: reading the time and scheduling a callback. Passed in, so
// tests move a manual clock forward instead of sleeping (see test/support/manual-clock.ts).

/** What a scheduled callback returns, to cancel it. */
export interface ScheduledTimer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
  /** Runs `callback` once after `delayMs`; the timer never keeps the process alive on its own. */
  schedule(delayMs: number, callback: () => void): ScheduledTimer;
}

/** Wall time and Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(delayMs, callback) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
