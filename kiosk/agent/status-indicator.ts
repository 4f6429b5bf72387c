// The hook a buzzer, a status LED or a small display implements to show each card's fate at a
// reader-only printer: the quick answer to the badge, then how its release really ended.
import type { ReleaseFinished } from "../../core/release-finished.js";
import type { DropReason } from "./card-pipeline-runner.js";
import type { ReaderSignal } from "./reader-signal.js";
import type { ReleaseProgress } from "./release-progress.js";

/** The `card:present` outcomes (docs/kiosk-protocol.md), "refused" for any error answer but "locked", and "other". */
export type CardOutcome = "session" | "pin-required" | "unknown-card" | "logged-out" | "claimed" | "locked" | "refused" | "other";

export interface CardAnswer {
  outcome: CardOutcome;
  /** Reader-only kiosks: how many jobs went to the printer; `releaseFinished` follows for the session. */
  claimed?: number;
  sessionId?: string;
}

/**
 * Called by the agent; a driver must return quickly and not throw (a throw is logged and ignored).
 * A badge at a reader-only kiosk gives `cardAnswered` with "claimed" within the acknowledgement
 * timeout, then `releaseFinished` once every job printed or failed (seconds to minutes later); in
 * between, `releaseProgress` whenever a job starts or stops waiting for its printer.
 */
export interface StatusIndicator {
  cardAnswered(answer: CardAnswer): void;
  /** The card was not delivered: the server was unreachable, or the read was unusable. */
  cardDropped(reason: DropReason): void;
  releaseFinished(result: ReleaseFinished): void;
  /** Optional: a job of the release waits for a busy or offline printer, or goes on after waiting. */
  releaseProgress?(progress: ReleaseProgress): void;
  /**
   * Optional, for a reader with a buzzer or LED: one signal right after each badge's answer at a
   * reader-only kiosk (`badge:answered`, reader-signal.ts): "success" while documents print,
   * "attention" when the person must go elsewhere (PIN needed, nothing to print), "failure" for a
   * refused or unknown card, documents this printer cannot take, or a card the server never got.
   */
  signal?(kind: ReaderSignal): void;
}
