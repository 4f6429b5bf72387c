// Shared plumbing of every CardReader: events, state changes, counters and debouncing.
import { EventEmitter } from "node:events";
import type { PrintvaktError } from "../../core/errors.js";
import type { CardReader, CardReaderEvents, CardReaderListener, ReaderCounters, ReaderState } from "./card-reader.js";
import { Debouncer } from "./debounce.js";

export interface CardReaderBaseOptions {
  /** Same card again within this many ms counts once; 0 turns it off. Default 1500. */
  readonly debounceMs?: number;
}

export abstract class CardReaderBase implements CardReader {
  readonly #events = new EventEmitter();
  readonly #debouncer: Debouncer;
  #state: ReaderState = "closed";
  #counters: ReaderCounters = { reads: 0, malformed: 0, duplicates: 0 };

  constructor(options: CardReaderBaseOptions = {}) {
    this.#debouncer = new Debouncer(options.debounceMs);
  }

  get state(): ReaderState {
    return this.#state;
  }

  get counters(): ReaderCounters {
    return this.#counters;
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;

  on<E extends keyof CardReaderEvents>(event: E, listener: CardReaderListener<E>): this {
    this.#events.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<E extends keyof CardReaderEvents>(event: E, listener: CardReaderListener<E>): this {
    this.#events.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  protected setState(next: ReaderState): void {
    if (next === this.#state) return;
    this.#state = next;
    this.#events.emit("state", next);
  }

  /** Passes a complete read on, unless it repeats the last card within the debounce window. */
  protected publishRead(raw: string, at: Date): void {
    if (this.#debouncer.isRepeat(raw, at)) {
      this.#counters = { ...this.#counters, duplicates: this.#counters.duplicates + 1 };
      return;
    }
    this.#counters = { ...this.#counters, reads: this.#counters.reads + 1 };
    this.#events.emit("read", { raw, at });
  }

  protected publishMalformed(reason: string, at: Date): void {
    this.#counters = { ...this.#counters, malformed: this.#counters.malformed + 1 };
    this.#events.emit("malformed", { reason, at });
  }

  /**
   * Errors here are reports, not failures: the reader recovers by itself. Node's EventEmitter
   * would throw an "error" nobody listens to and end the kiosk agent, so unheard errors are dropped.
   */
  protected publishError(error: PrintvaktError): void {
    if (this.#events.listenerCount("error") > 0) this.#events.emit("error", error);
  }
}
