// Reads the server's `release:finished` event and says in one log line how a badge's release ended.
import { z } from "zod";
import { RELEASE_FINISHED_OUTCOMES, type ReleaseFinished } from "../../core/release-finished.js";

const count = z.number().int().min(0);

const releaseFinishedPayload = z.object({
  sessionId: z.string().max(100),
  outcome: z.enum(RELEASE_FINISHED_OUTCOMES as [ReleaseFinished["outcome"], ...ReleaseFinished["outcome"][]]),
  printed: count,
  failed: count,
  mayHavePrinted: count,
  jobs: z
    .array(z.object({ jobId: z.number().int().positive(), result: z.enum(["printed", "failed", "may-have-printed"]), reason: z.string().max(500).optional() }))
    .max(500),
});

/** The event as sent, or undefined when it is not one this agent understands. */
export function parseReleaseFinished(payload: unknown): ReleaseFinished | undefined {
  const parsed = releaseFinishedPayload.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}

/** What the agent logs: info when everything printed or there was nothing to print, warn otherwise. */
export function describeRelease(result: ReleaseFinished): { level: "info" | "warn"; message: string } {
  const level = result.outcome === "printed" || result.outcome === "no-jobs" ? "info" : "warn";
  return { level, message: `release finished: ${result.outcome} (${result.printed} printed, ${result.failed} failed, ${result.mayHavePrinted} may have printed)` };
}
