// The CardReader contract every reader (HID keyboard, stdin) fulfils, and what it reports.
import type { PrintvaktError } from "../../core/errors.js";

/** One complete read, exactly as the reader typed it, before any card-format step. */
export interface CardRead {
  readonly raw: string;
  readonly at: Date;
}

/** A read the reader threw away itself (no terminator, unknown key, overlong); it never carries the digits. */
export interface MalformedRead {
  readonly reason: string;
  readonly at: Date;
}

/**
 * "open": reads can arrive. "reconnecting": the device is gone or not found yet and the reader is
 * looking for it. "closed": not started, stopped, or the input ended.
 */
export type ReaderState = "open" | "closed" | "reconnecting";

export interface ReaderCounters {
  /** Reads passed on to listeners. */
  readonly reads: number;
  /** Reads thrown away by the reader itself (see MalformedRead). */
  readonly malformed: number;
  /** The same card again within the debounce window, counted once. */
  readonly duplicates: number;
}

export interface CardReaderEvents {
  read: [CardRead];
  malformed: [MalformedRead];
  /** Problems the reader recovers from itself (device unplugged, cannot open); never thrown. */
  error: [PrintvaktError];
  state: [ReaderState];
}

export type CardReaderListener<E extends keyof CardReaderEvents> = (...args: CardReaderEvents[E]) => void;

export interface CardReader {
  readonly state: ReaderState;
  /** A snapshot; it does not change afterwards. */
  readonly counters: ReaderCounters;
  /** Resolves once the reader has tried to open its input; a reader that waits for a device is "reconnecting". */
  start(): Promise<void>;
  /** Releases the device or input; no events after it resolves. */
  stop(): Promise<void>;
  on<E extends keyof CardReaderEvents>(event: E, listener: CardReaderListener<E>): this;
  off<E extends keyof CardReaderEvents>(event: E, listener: CardReaderListener<E>): this;
}
