// Exponential back-off for polling a device list: node-hid has no hot-plug events.
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
}

/** 0.5 s, 1 s, 2 s, ... up to 30 s: a replugged reader works again within a second, an absent one costs little. */
export const defaultBackoff: BackoffOptions = { initialMs: 500, maxMs: 30_000, factor: 2 };

/** The wait before attempt number `attempt` (0 = first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions = defaultBackoff): number {
  return Math.min(options.maxMs, options.initialMs * options.factor ** attempt);
}
