// Reads the server's `job:progress` events at a reader-only kiosk and keeps only what a reader can
// show: a job is waiting because its printer is busy or offline (the server retries for minutes,
// PRINTVAKT_PRINTER_RETRY_FOR), or it is on its way again. Titles never travel in this event.
import { z } from "zod";

export type PrinterWaitReason = "busy" | "offline";

/** A job of a badge's release waits for its printer, or stopped waiting. */
export type ReleaseProgress =
  | { sessionId: string; jobId: number; state: "waiting"; reason: PrinterWaitReason; retryAt: string }
  | { sessionId: string; jobId: number; state: "sending" };

const progressPayload = z.discriminatedUnion("state", [
  z.object({ sessionId: z.string().max(100), jobId: z.number().int().positive(), state: z.literal("waiting"), reason: z.enum(["busy", "offline"]), retryAt: z.string().max(40) }),
  z.object({ sessionId: z.string().max(100), jobId: z.number().int().positive(), state: z.literal("sending") }),
]);

/** The waiting/sending event, or undefined for any other progress state (or one not understood). */
export function parseReleaseProgress(payload: unknown): ReleaseProgress | undefined {
  const parsed = progressPayload.safeParse(payload);
  if (!parsed.success) return undefined;
  const { sessionId, jobId } = parsed.data;
  return parsed.data.state === "waiting"
    ? { sessionId, jobId, state: "waiting", reason: parsed.data.reason, retryAt: parsed.data.retryAt }
    : { sessionId, jobId, state: "sending" };
}

/** One log line per change: "waiting" when a job starts (or keeps) waiting, "sending" when it goes on. */
export function describeProgress(progress: ReleaseProgress): string {
  return progress.state === "waiting"
    ? `job ${progress.jobId} waits: the printer is ${progress.reason}, next try at ${progress.retryAt}`
    : `job ${progress.jobId} is being sent to the printer again`;
}
