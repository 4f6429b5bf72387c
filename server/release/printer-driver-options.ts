// The printer drivers' settings that the configuration decides: how long a busy printer is tried
// again, and the limits on a printer taking a document (drivers/printers/step-limits.ts).
import type { DriverOptions } from "../../drivers/printers/driver-for-uri.js";
import type { Config } from "../config.js";

type DriverSettings = Pick<Config, "printerRetryForMs" | "printerIdleTimeoutMs" | "printerStepDeadlineMs">;

/** The same for every network driver (IPP, raw 9100, LPD); a test's `overrides` come on top. */
export function printerDriverOptions(config: DriverSettings, overrides: DriverOptions = {}): DriverOptions {
  const retry = { totalMs: config.printerRetryForMs };
  const limits = { idleTimeoutMs: config.printerIdleTimeoutMs, stepDeadlineMs: config.printerStepDeadlineMs };
  return {
    ...overrides,
    ipp: { ...limits, ...overrides.ipp, retry: { ...retry, ...overrides.ipp?.retry } },
    rawSocket: { ...limits, ...overrides.rawSocket, retry: { ...retry, ...overrides.rawSocket?.retry } },
    lpd: { ...limits, ...overrides.lpd, retry: { ...retry, ...overrides.lpd?.retry } },
  };
}
