// The two limits on the step of a printer conversation that moves the document, shared by every
// network driver (raw 9100, LPD, IPP): a printer must not hold its release queue for good.
import type { Socket } from "node:net";

export interface StepLimits {
  /** Longest silence while the printer takes the document. */
  idleTimeoutMs: number;
  /**
   * Longest the document step may take in all, however steadily octets keep moving: a printer that
   * reads or trickles an octet now and then restarts the idle timeout forever, and its release queue
   * would wait on it for good (security review of 2026-12-06, F1). Generous, as a printer may take a
   * long document only as fast as it prints.
   */
  stepDeadlineMs: number;
}

/** Also the server's defaults for PRINTVAKT_PRINTER_IDLE_TIMEOUT and PRINTVAKT_PRINTER_STEP_DEADLINE (server/config.ts). */
export const DEFAULT_STEP_LIMITS: Readonly<StepLimits> = Object.freeze({ idleTimeoutMs: 60_000, stepDeadlineMs: 30 * 60_000 });

export type StepLimit = "idle-timeout" | "step-deadline";

/**
 * Arms both limits on `socket`; `onLimit` hears which one ran out, and the driver reports it its own
 * way (the same for both, so a deadline looks exactly like an idle timeout). Returns the disarm.
 */
export function armStepLimits(socket: Socket, limits: StepLimits, onLimit: (limit: StepLimit) => void): () => void {
  socket.setTimeout(limits.idleTimeoutMs, () => onLimit("idle-timeout"));
  const deadline = setTimeout(() => onLimit("step-deadline"), limits.stepDeadlineMs);
  return () => {
    clearTimeout(deadline);
    socket.setTimeout(0);
  };
}
