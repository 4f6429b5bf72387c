// The reader's own signal after each badge at a reader-only kiosk: the server's `badge:answered`
// (outcome and counts, never a title or a name) becomes "success", "attention" or "failure"
// (core/badge-answer.ts), which a StatusIndicator with a buzzer or LED gives at the reader
// (`signal`, see status-indicator.ts). A card that never reached the server is a failure too.
import { z } from "zod";
import { BADGE_OUTCOMES, signalFor, type BadgeAnswer, type BadgeOutcome, type ReaderSignal } from "../../core/badge-answer.js";

export type { ReaderSignal } from "../../core/badge-answer.js";

/** What a card the server never answered (unreachable, no acknowledgement, unusable read) signals. */
export const DROPPED_SIGNAL: ReaderSignal = "failure";

const count = z.number().int().min(0).max(10_000);
const badgeAnswered = z.object({
  outcome: z.enum(BADGE_OUTCOMES as [BadgeOutcome, ...BadgeOutcome[]]),
  printing: count.optional(),
  needPin: count.optional(),
  sessionId: z.string().max(100).optional(),
});

/** The event as sent, or undefined when it is not one this agent understands. */
export function parseBadgeAnswer(payload: unknown): BadgeAnswer | undefined {
  const parsed = badgeAnswered.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}

/** The badge's signal and one log line: "badge answered: printing 2 (1 kept for a PIN) → success". */
export function readBadgeAnswer(answer: BadgeAnswer): { signal: ReaderSignal; message: string } {
  const signal = signalFor(answer.outcome);
  const printing = answer.outcome === "printing" ? ` ${answer.printing ?? 0}` : "";
  const kept = answer.needPin ? ` (${answer.needPin} kept for a PIN)` : "";
  return { signal, message: `badge answered: ${answer.outcome}${printing}${kept} → ${signal}` };
}
