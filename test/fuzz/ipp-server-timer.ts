// Measures the server's own time per request in this process: from the parsed request head to the
// last octet of the answer (node:http's diagnostics channels), minus the time the event loop's thread
// sat runnable waiting for a CPU (/proc/thread-self/schedstat). That wait is the machine's load
// (other suites, other processes), not the request's cost; a loop, a blocking call or a wait for
// octets that never come all still count in full.
//
// The file is opened once and read again from offset 0 at each request's start and finish: opening
// and closing it twice per request cost the fuzz more than decoding the request did (a profile of
// 10,000 requests put 5.5% of the test process in readFileSync). The handle stays bound to the
// thread that opened it, the event loop's, which is the one that runs the server.
import diagnostics from "node:diagnostics_channel";
import { closeSync, openSync, readSync } from "node:fs";

const START = "http.server.request.start";
const FINISH = "http.server.response.finish";
const SCHEDSTAT = "/proc/thread-self/schedstat";

/** Milliseconds the event loop's thread has waited on a run queue (Linux); 0 where the kernel does not say. */
class RunQueueClock {
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

export class ServerTimer {
  readonly #started = new WeakMap<object, { at: number; waited: number }>();
  readonly #runQueue = new RunQueueClock();
  #finished: number[] = [];

  readonly #onStart = (message: unknown): void => {
    const { response } = message as { response: object };
    this.#started.set(response, { at: performance.now(), waited: this.#runQueue.waitedMs() });
  };

  readonly #onFinish = (message: unknown): void => {
    const { response } = message as { response: object };
    const start = this.#started.get(response);
    if (start === undefined) return;
    this.#finished.push(performance.now() - start.at - (this.#runQueue.waitedMs() - start.waited));
  };

  start(): void {
    this.#runQueue.open();
    diagnostics.subscribe(START, this.#onStart);
    diagnostics.subscribe(FINISH, this.#onFinish);
  }

  stop(): void {
    diagnostics.unsubscribe(START, this.#onStart);
    diagnostics.unsubscribe(FINISH, this.#onFinish);
    this.#runQueue.close();
  }

  /** Server times of the answers finished since the last call, oldest first. */
  take(): number[] {
    const finished = this.#finished;
    this.#finished = [];
    return finished;
  }
}
