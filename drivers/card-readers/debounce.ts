// Counts the same card read twice in a short window once: readers repeat while a card rests on them.
export const defaultDebounceMs = 1500;

/*
 * The window slides: every repeat of the same card restarts it, so a card left lying on a reader
 * that re-reads it every second is one read, not a login followed by a logout. Only the last card
 * is remembered; a different card in between makes the next one count again. The clock is the
 * read's own timestamp, which keeps this a pure function of its inputs.
 */
export class Debouncer {
  readonly #windowMs: number;
  #lastRaw: string | undefined;
  #lastAt = 0;

  /** A window of 0 turns debouncing off. */
  constructor(windowMs: number = defaultDebounceMs) {
    if (!Number.isFinite(windowMs) || windowMs < 0) throw new RangeError(`debounce window must be 0 or more milliseconds, got ${windowMs}`);
    this.#windowMs = windowMs;
  }

  /** True when this read repeats the previous card within the window (and so should not count). */
  isRepeat(raw: string, at: Date): boolean {
    const atMs = at.getTime();
    const repeat = raw === this.#lastRaw && atMs - this.#lastAt < this.#windowMs;
    this.#lastRaw = raw;
    this.#lastAt = atMs;
    return repeat;
  }
}
