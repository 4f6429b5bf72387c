// What one badge at a reader-only kiosk did, in the words the kiosk shows and signals: the server
// sends it as `badge:answered` (docs/kiosk-protocol.md), the status screen shows it, the agent turns
// it into a beep or a light. Outcomes and counts only: a reader-only kiosk stands where anyone can
// read it, so no document title and no name ever travel in it.

export type BadgeOutcome = "printing" | "nothing-to-print" | "pin-needed" | "cannot-print-here" | "card-unknown" | "card-refused";

export const BADGE_OUTCOMES: readonly BadgeOutcome[] = ["printing", "nothing-to-print", "pin-needed", "cannot-print-here", "card-unknown", "card-refused"];

export interface BadgeAnswer {
  outcome: BadgeOutcome;
  /** "printing": how many documents went to the printer. */
  printing?: number;
  /** How many documents stay held because they need a PIN (the account's or their own): a screen kiosk prints them. */
  needPin?: number;
  /** When the badge started a release: its session, the same as in that release's `release:finished`. */
  sessionId?: string;
}

/** What a reader's buzzer or light can say: it worked, look at the screen or go elsewhere, it did not work. */
export type ReaderSignal = "success" | "attention" | "failure";

/**
 * The answer to a badge from what the release found. `accountPin`: the account has a PIN, which a
 * reader cannot take, so nothing was released. `printing`: documents claimed for the printer;
 * `needPin`: held documents with a PIN of their own; `refused`: documents this printer cannot print.
 */
export function badgeAnswer(counts: { accountPin: boolean; printing: number; needPin: number; refused: number }): BadgeAnswer {
  if (counts.accountPin) return { outcome: "pin-needed" };
  if (counts.printing > 0) return { outcome: "printing", printing: counts.printing, needPin: counts.needPin };
  if (counts.needPin > 0) return { outcome: "pin-needed", needPin: counts.needPin };
  if (counts.refused > 0) return { outcome: "cannot-print-here" };
  return { outcome: "nothing-to-print" };
}

const SIGNALS: Record<BadgeOutcome, ReaderSignal> = {
  printing: "success",
  "nothing-to-print": "attention",
  "pin-needed": "attention",
  "cannot-print-here": "failure",
  "card-unknown": "failure",
  "card-refused": "failure",
};

/** One signal per outcome: success only when something is printing. */
export function signalFor(outcome: BadgeOutcome): ReaderSignal {
  return SIGNALS[outcome];
}
