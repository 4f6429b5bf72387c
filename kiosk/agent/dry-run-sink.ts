// A CardSink for --dry-run: prints each normalized card number on its own line instead of sending it.
import type { Writable } from "node:stream";
import type { CardSink, PresentedCard } from "./card-sink.js";

export class DryRunSink implements CardSink {
  readonly connected = true;
  readonly #output: Writable;

  constructor(output: Writable) {
    this.#output = output;
  }

  present(card: PresentedCard): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#output.write(`${card.card}\n`, (error) => (error ? reject(error) : resolve()));
    });
  }
}
