// At most N conversions at once, server-wide: each may use a CPU and PRINTVAKT_CONVERT_MEMORY, and
// many kiosks releasing at the same moment must not take the machine. Later ones wait their turn.
import { PassThrough, type Readable } from "node:stream";

export class ConversionSlots {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /**
   * A stream of what `start()` produces once a slot is free. The slot is given back when that
   * stream closes (ended, failed or destroyed); destroying the returned stream before then stops it.
   */
  run(start: () => Readable): Readable {
    const output = new PassThrough();
    let cancelled = false;
    output.once("close", () => (cancelled = true));
    void this.#acquire().then(() => {
      if (cancelled) return this.#release();
      const source = start();
      source.once("close", () => this.#release());
      source.once("error", (error) => output.destroy(error));
      output.once("close", () => source.destroy());
      source.pipe(output);
    });
    return output;
  }

  get running(): number {
    return this.#running;
  }

  #acquire(): Promise<void> {
    if (this.#running < this.limit) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(() => resolve()));
  }

  #release(): void {
    const next = this.#waiting.shift();
    // The slot passes straight to the next in line; the count only drops when nobody waits.
    if (next) next();
    else this.#running--;
  }
}
