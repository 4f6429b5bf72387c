// Why a release is waiting, in the two words a kiosk shows: the printer is busy, or it is offline.
//
// The driver reports its own reason for each retry (transport-failures.ts, ipp-status.ts): a busy
// or temporarily failing printer answered and said "not now"; anything else (refused, unreachable,
// reset before the document) means it could not be reached.

export type PrinterWait = "busy" | "offline";

const BUSY_REASONS: ReadonlySet<string> = new Set(["printer-busy", "printer-temporary-error"]);

export function printerWaitFor(driverReason: string): PrinterWait {
  return BUSY_REASONS.has(driverReason) ? "busy" : "offline";
}
