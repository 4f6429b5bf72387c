// A CardReader that takes one card per line from a stream: keyboard-wedge readers typing into a terminal, and tests.
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { PrintvaktError } from "../../core/errors.js";
import { CardReaderBase, type CardReaderBaseOptions } from "./card-reader-base.js";

export interface StdinReaderOptions extends CardReaderBaseOptions {
  readonly input: Readable;
  /** A longer line is not a card (someone leaning on the keyboard); it is dropped and counted. Default 64. */
  readonly maxLength?: number;
}

/*
 * Lines end at "\n"; a "\r" before it (Windows terminals, some wedge readers) is removed. Blank
 * lines are not reads. Anything else is passed on as typed: trimming and checking belong to the
 * card-format pipeline and the shape, where they are configured and counted. Text left without
 * a newline when the input ends is a read without its terminator and is dropped, as on HID.
 */
export class StdinCardReader extends CardReaderBase {
  readonly #input: Readable;
  readonly #maxLength: number;
  readonly #decoder = new StringDecoder("utf8");
  #pending = "";
  #overlong = false;

  constructor(options: StdinReaderOptions) {
    super(options);
    this.#input = options.input;
    this.#maxLength = options.maxLength ?? 64;
  }

  async start(): Promise<void> {
    if (this.state !== "closed") return;
    this.#input.on("data", this.#onData);
    this.#input.on("end", this.#onEnd);
    this.#input.on("error", this.#onError);
    this.setState("open");
  }

  async stop(): Promise<void> {
    this.#detach();
    this.#pending = "";
    this.#overlong = false;
    this.setState("closed");
  }

  #detach(): void {
    this.#input.off("data", this.#onData);
    this.#input.off("end", this.#onEnd);
    this.#input.off("error", this.#onError);
    this.#input.pause();
  }

  readonly #onData = (chunk: Buffer | string): void => {
    const text = typeof chunk === "string" ? chunk : this.#decoder.write(chunk);
    const lines = (this.#pending + text).split("\n");
    this.#pending = lines.pop() ?? "";
    for (const line of lines) this.#takeLine(line);
    if (this.#pending.length > this.#maxLength) {
      // Keep nothing of an endless line; its end is dropped when the newline finally comes.
      this.#overlong = true;
      this.#pending = "";
    }
  };

  #takeLine(line: string): void {
    const at = new Date();
    const wasOverlong = this.#overlong;
    this.#overlong = false;
    const read = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (wasOverlong || read.length > this.#maxLength) return this.publishMalformed(`line longer than ${this.#maxLength} characters`, at);
    if (read.trim() === "") return;
    this.publishRead(read, at);
  }

  readonly #onEnd = (): void => {
    if (this.#pending.trim() !== "" || this.#overlong) this.publishMalformed("input ended in the middle of a read (no newline)", new Date());
    this.#pending = "";
    this.#detach();
    this.setState("closed");
  };

  readonly #onError = (error: Error): void => {
    this.publishError(new PrintvaktError("unavailable", `card input failed: ${error.message}`, { cause: error }));
  };
}
