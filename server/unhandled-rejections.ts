// The server's last line against a promise nobody awaited. Every known background path catches its
// own failures (a release, a purge, a directory sync); one that slips through is a bug. Node's
// default ends the process on it, which would cut every kiosk session and upload for one lost
// promise, so the server logs it, counts it, and keeps serving. A thrown exception is different:
// the stack it unwound may have left state half-changed, so uncaughtException keeps Node's default.
import type { Logger } from "./logger.js";

export interface RejectionCounter {
  /** Unhandled rejections since start. */
  readonly count: number;
  /** Removes the handler (tests; a server stopped in-process). */
  uninstall(): void;
}

export function countUnhandledRejections(logger: Logger, target: NodeJS.EventEmitter = process): RejectionCounter {
  let count = 0;
  const handler = (reason: unknown) => {
    count += 1;
    const err = reason instanceof Error ? { message: reason.message, stack: reason.stack } : String(reason);
    logger.error({ err, unhandledRejections: count }, "unhandled rejection (a bug in Printvakt): logged and counted, the server keeps running");
  };
  target.on("unhandledRejection", handler);
  return {
    get count() {
      return count;
    },
    uninstall: () => void target.off("unhandledRejection", handler),
  };
}
