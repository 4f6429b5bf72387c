// The longest time this process's event loop stood still, less the time its thread only waited for a
// CPU. A 10 ms ticker notes how late each tick came; the run-queue wait over the same span (the
// machine's load: other suites, other processes on 2 cores) is taken off. What is left is the
// loop's own stall: synchronous work, or a blocking call such as SQLite's busy handler sleeping on
// a lock, which is what the reliability tests assert against.
import { RunQueueClock } from "./run-queue-clock.js";

const TICK_MS = 10;

export interface StallReport {
  /** The longest stall with the run-queue wait taken off, in ms. */
  longestOwnMs: number;
  /** The same stretch as the wall clock saw it, for the failure message. */
  longestWallMs: number;
}

export function watchEventLoopStalls(): { stop(): StallReport } {
  const clock = new RunQueueClock();
  clock.open();
  let lastAt = performance.now();
  let lastWaited = clock.waitedMs();
  const report: StallReport = { longestOwnMs: 0, longestWallMs: 0 };
  const timer = setInterval(() => {
    const at = performance.now();
    const waited = clock.waitedMs();
    const late = at - lastAt - TICK_MS;
    const own = late - (waited - lastWaited);
    if (own > report.longestOwnMs) Object.assign(report, { longestOwnMs: own, longestWallMs: late });
    lastAt = at;
    lastWaited = waited;
  }, TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      clock.close();
      return { longestOwnMs: Math.round(report.longestOwnMs), longestWallMs: Math.round(report.longestWallMs) };
    },
  };
}
