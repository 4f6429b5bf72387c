// The counting windows behind the coalesced audit events (refused IPP requests, IPP reads of
// titles): the first event of a kind is written by the caller and opens a window; the same event
// inside the window is only counted; when the window closes (on its timer, or at shutdown) one
// summary with the count is written. A flood or a polling client stays visible in the log at two
// entries per window instead of one transaction per request.
import type { Clock, ScheduledTimer } from "../clock.js";

/**
 * Open windows kept at most. Beyond it an event with a new key is written on its own, as if
 * uncoalesced: memory stays bounded, and nothing goes unaudited.
 */
export const MAX_OPEN_WINDOWS = 10_000;
/** How long identical events are counted before their summary is written. */
export const COALESCING_WINDOW_MS = 60_000;

export interface ClosedWindow<S> {
  state: S;
  /** Events counted into the window after the one that opened it (at least 1). */
  repeats: number;
  /** How long the window was open, in whole seconds (at least 1). */
  seconds: number;
}

interface Window<S> {
  state: S;
  repeats: number;
  openedAt: number;
  timer: ScheduledTimer;
}

export class CoalescingWindows<S> {
  readonly #windows = new Map<string, Window<S>>();
  readonly #writing = new Set<Promise<void>>();

  constructor(
    private readonly clock: Clock,
    /** Writes the summary of a window that counted repeats; windows without repeats close silently. */
    private readonly summarise: (closed: ClosedWindow<S>) => Promise<void>,
    private readonly options: { windowMs?: number; onClosed?: (state: S) => void } = {},
  ) {}

  has(key: string): boolean {
    return this.#windows.has(key);
  }

  /** Counts one more event into the open window for `key`; false when none is open. */
  repeat(key: string, update?: (state: S) => void): boolean {
    const open = this.#windows.get(key);
    if (!open) return false;
    open.repeats += 1;
    update?.(open.state);
    return true;
  }

  /**
   * Opens the window for `key` before the caller awaits its first entry, so events arriving
   * meanwhile are counted. False when MAX_OPEN_WINDOWS are open: the caller writes every event.
   */
  open(key: string, state: S): boolean {
    if (this.#windows.size >= MAX_OPEN_WINDOWS) return false;
    const timer = this.clock.schedule(this.options.windowMs ?? COALESCING_WINDOW_MS, () => this.#track(this.#close(key)));
    this.#windows.set(key, { state, repeats: 0, openedAt: this.clock.now(), timer });
    return true;
  }

  /** Forgets a window without a summary (its first entry could not be written, so nothing was coalesced). */
  discard(key: string): void {
    const window = this.#windows.get(key);
    if (!window) return;
    window.timer.cancel();
    this.#windows.delete(key);
    this.options.onClosed?.(window.state);
  }

  /** Events counted and not yet written, across all open windows. */
  get pendingRepeats(): number {
    let total = 0;
    for (const window of this.#windows.values()) total += window.repeats;
    return total;
  }

  /** Closes every window now, writing their summaries (call at shutdown, before the database closes). */
  async flush(): Promise<void> {
    const closing = [...this.#windows.keys()].map((key) => this.#close(key));
    await Promise.all([...closing, ...this.#writing]);
  }

  async #close(key: string): Promise<void> {
    const window = this.#windows.get(key);
    if (!window) return;
    this.discard(key);
    if (window.repeats === 0) return;
    const seconds = Math.max(1, Math.round((this.clock.now() - window.openedAt) / 1_000));
    await this.summarise({ state: window.state, repeats: window.repeats, seconds });
  }

  /** A summary written by a timer: awaited by flush(); its failure is the summariser's to report. */
  #track(writing: Promise<void>): void {
    const settled = writing.catch(() => undefined);
    this.#writing.add(settled);
    void settled.finally(() => this.#writing.delete(settled));
  }
}
