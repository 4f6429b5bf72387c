// Runs every read from a reader through the card format, the shape and canonicalisation to a sink, failing closed.
import { isPrintvaktError, toPrintvaktError, type ErrorCode } from "../../core/errors.js";
import { canonicalCardNumber } from "../../drivers/card-readers/card-format/canonical.js";
import type { CardPipeline } from "../../drivers/card-readers/card-format/pipeline.js";
import type { CardShape } from "../../drivers/card-readers/card-format/shape.js";
import type { CardRead, CardReader, CardReaderListener, ReaderCounters } from "../../drivers/card-readers/card-reader.js";
import type { CardSink } from "./card-sink.js";

/*
 * Design notes
 * - Order per read: reader (which already debounced) → card-format pipeline → shape → canonical
 *   form → sink. The shape runs on the pipeline's output, before leading zeros are removed, so
 *   a read that lost a digit is caught by its length.
 * - Fail closed: when the sink is not connected the read is dropped and logged, never kept for
 *   later. Reads are handed to the sink one at a time, in order (a second tap logs out, so order
 *   matters); a read that waited behind a slow sink for longer than `staleAfterMs` is dropped too,
 *   because the person may have walked away.
 * - Logs never contain card numbers or raw reads: a 125 kHz card number is all it takes to clone
 *   the card. The raw read goes only to `onOutcome` and to the sink.
 */

export type DropReason = "malformed" | "shape" | "stale" | "server-unreachable" | "sink-failed";

export type ReadOutcome =
  | { readonly kind: "presented"; readonly card: string; readonly raw: string; readonly at: Date }
  | { readonly kind: "dropped"; readonly reason: DropReason; readonly message: string; readonly raw: string; readonly at: Date };

/** The part of a pino logger the runner uses. */
export interface RunnerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface RunnerCounters {
  readonly reader: ReaderCounters;
  readonly presented: number;
  readonly dropped: Readonly<Record<DropReason, number>>;
}

export interface CardPipelineRunnerOptions {
  readonly reader: CardReader;
  readonly pipeline: CardPipeline;
  /** Defaults to the pipeline's own default shape. */
  readonly shape?: CardShape;
  readonly sink: CardSink;
  readonly logger: RunnerLogger;
  /** A read older than this when its turn comes is dropped. Default 5000 ms. */
  readonly staleAfterMs?: number;
  /** Every read's outcome, with the raw read (for an unknown-card log, or tests). */
  readonly onOutcome?: (outcome: ReadOutcome) => void;
}

/** Sink errors that mean "the server cannot be reached", as opposed to a sink bug. */
const unreachableCodes: readonly ErrorCode[] = ["unavailable", "timeout"];

export const serverUnreachableMessage = "server unreachable, card dropped";

export class CardPipelineRunner {
  readonly #options: CardPipelineRunnerOptions;
  readonly #shape: CardShape;
  readonly #staleAfterMs: number;
  #presented = 0;
  #dropped: Record<DropReason, number> = { malformed: 0, shape: 0, stale: 0, "server-unreachable": 0, "sink-failed": 0 };
  #queue: Promise<unknown> = Promise.resolve();
  readonly #listeners: { [E in "read" | "malformed" | "error" | "state"]: CardReaderListener<E> };

  constructor(options: CardPipelineRunnerOptions) {
    this.#options = options;
    this.#shape = options.shape ?? options.pipeline.defaultShape;
    this.#staleAfterMs = options.staleAfterMs ?? 5000;
    const { logger } = options;
    this.#listeners = {
      read: (read) => void this.#enqueue(read),
      malformed: (read) => logger.warn({ reason: read.reason }, "card read discarded by the reader"),
      error: (error) => logger.warn({ code: error.code }, error.message),
      state: (state) => logger.info({ state }, `card reader ${state}`),
    };
  }

  get counters(): RunnerCounters {
    return { reader: this.#options.reader.counters, presented: this.#presented, dropped: { ...this.#dropped } };
  }

  async start(): Promise<void> {
    const { reader } = this.#options;
    reader.on("read", this.#listeners.read).on("malformed", this.#listeners.malformed).on("error", this.#listeners.error).on("state", this.#listeners.state);
    await reader.start();
  }

  /** Stops the reader and waits for the read in hand, if any, to finish. */
  async stop(): Promise<void> {
    const { reader } = this.#options;
    await reader.stop();
    reader.off("read", this.#listeners.read).off("malformed", this.#listeners.malformed).off("error", this.#listeners.error).off("state", this.#listeners.state);
    await this.idle();
  }

  /** Resolves once every read received so far has its outcome. */
  async idle(): Promise<void> {
    await this.#queue;
  }

  #enqueue(read: CardRead): Promise<ReadOutcome> {
    const outcome = this.#queue.then(() => this.process(read));
    this.#queue = outcome.catch(() => undefined); // process never rejects; this only keeps the line moving if it ever did
    return outcome;
  }

  /** The whole chain for one read. Never throws: every failure is a dropped outcome. */
  async process(read: CardRead): Promise<ReadOutcome> {
    const outcome = await this.#decide(read);
    if (outcome.kind === "presented") this.#presented += 1;
    else this.#dropped[outcome.reason] += 1;
    this.#options.onOutcome?.(outcome);
    return outcome;
  }

  async #decide(read: CardRead): Promise<ReadOutcome> {
    const { pipeline, sink, logger } = this.#options;
    const drop = (reason: DropReason, message: string, details: object = {}): ReadOutcome => {
      logger.warn({ reason, ...details }, message);
      return { kind: "dropped", reason, message, raw: read.raw, at: read.at };
    };

    let output: string;
    let card: string;
    try {
      output = pipeline.run(read.raw);
      if (!this.#shape.test(output)) return drop("shape", `card read does not have the expected shape ${this.#shape.source}`, { length: output.length });
      card = canonicalCardNumber(output);
    } catch (error) {
      // A step that throws anything but its rejection is a bug; the read is still only dropped.
      const message = isPrintvaktError(error) && error.code === "bad-request" ? error.message : "internal error in the card format";
      return drop("malformed", `card read dropped: ${message}`);
    }

    if (Date.now() - read.at.getTime() > this.#staleAfterMs) return drop("stale", "card read waited too long and is dropped");
    if (!sink.connected) return drop("server-unreachable", serverUnreachableMessage);
    try {
      await sink.present({ card, raw: read.raw });
    } catch (error) {
      const failure = toPrintvaktError(error);
      if (unreachableCodes.includes(failure.code)) return drop("server-unreachable", serverUnreachableMessage, { code: failure.code });
      return drop("sink-failed", `card could not be presented: ${failure.message}`, { code: failure.code });
    }
    logger.info({}, "card presented");
    return { kind: "presented", card, raw: read.raw, at: read.at };
  }
}
