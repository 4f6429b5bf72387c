// How long the thread that runs this process's event loop has waited on a run queue: runnable, but
// no CPU free. On a loaded machine (other suites, other processes) that wait is the machine's, not
// the code's; tests that measure how long the server kept the loop subtract it, so what they assert
// is the server's own stall or cost, however busy the machine is.
//
// The file is opened once and read again from offset 0 each time: opening and closing it twice per
// request cost the IPP fuzz more than decoding the request did (a profile of 10,000 requests put
// 5.5% of the test process in readFileSync). The handle stays bound to the thread that opened it,
// the event loop's.
import { closeSync, openSync, readSync } from "node:fs";

const SCHEDSTAT = "/proc/thread-self/schedstat";

/** Milliseconds the event loop's thread has waited on a run queue (Linux); 0 where the kernel does not say. */
export class RunQueueClock {
  readonly #buffer = Buffer.alloc(96);
  #handle: number | undefined;

  open(): void {
    try {
      this.#handle = openSync(SCHEDSTAT, "r");
    } catch {
      this.#handle = undefined;
    }
  }

  close(): void {
    if (this.#handle !== undefined) closeSync(this.#handle);
    this.#handle = undefined;
  }

  /** schedstat is "<ns on a CPU> <ns waiting on a run queue> <timeslices>"; the second field is read. */
  waitedMs(): number {
    if (this.#handle === undefined) return 0;
    const length = readSync(this.#handle, this.#buffer, 0, this.#buffer.length, 0);
    const first = this.#buffer.indexOf(0x20);
    const second = this.#buffer.indexOf(0x20, first + 1);
    if (first < 0 || second < 0 || second >= length) return 0;
    return Number(this.#buffer.toString("latin1", first + 1, second)) / 1e6;
  }
}
