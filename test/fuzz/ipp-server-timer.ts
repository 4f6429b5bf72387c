// Measures the server's own time per request in this process: from the parsed request head to the
// last octet of the answer (node:http's diagnostics channels), minus the time the event loop's thread
// sat runnable waiting for a CPU (/proc/thread-self/schedstat). That wait is the machine's load
// (other suites, other processes), not the request's cost; a loop, a blocking call or a wait for
// octets that never come all still count in full.
import diagnostics from "node:diagnostics_channel";
import { RunQueueClock } from "../support/run-queue-clock.js";

const START = "http.server.request.start";
const FINISH = "http.server.response.finish";

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
