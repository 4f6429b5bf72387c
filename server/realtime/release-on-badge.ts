// Reader-only kiosks: badging releases every held job of the person that needs no PIN. Jobs that
// may already have printed are never released here: nobody can be warned without a screen.
// The acknowledgement answers at once with what was claimed (for a beep); `release:finished`
// follows once every job has printed or failed, with the real outcome (docs/kiosk-protocol.md).
import { setImmediate as afterThisTurn } from "node:timers/promises";
import { badgeAnswer, type BadgeAnswer } from "../../core/badge-answer.js";
import { releaseFinished, type JobEnd } from "../../core/release-finished.js";
import { toPrintvaktError } from "../../core/errors.js";
import { listJobsOfOwner } from "../store/jobs.js";
import type { KioskRecord } from "../store/kiosks.js";
import type { UserRecord } from "../store/users.js";
import type { KioskServices } from "./kiosk-services.js";
import { auditSessionStarted } from "./session-start.js";

/**
 * Tells the kiosk (its status screen and its agent) what a badge did: `badge:answered`, the outcome
 * and counts only (core/badge-answer.ts), never a title or a name.
 */
export function tellBadgeAnswer(services: KioskServices, kioskId: number, answer: BadgeAnswer): void {
  services.emitToKiosk(kioskId, "badge:answered", answer);
}

export async function releaseOnBadge(services: KioskServices, kiosk: KioskRecord, user: UserRecord, cardHash: string): Promise<Record<string, unknown>> {
  // Without a screen nobody can type a PIN: a card+PIN account releases nothing here.
  if (user.pinHash !== null) {
    tellBadgeAnswer(services, kiosk.id, badgeAnswer({ accountPin: true, printing: 0, needPin: 0, refused: 0 }));
    return { outcome: "pin-required", claimed: 0, kept: 0 };
  }
  const session = services.sessions.start({ kioskId: kiosk.id, kioskName: kiosk.name, userId: user.id, username: user.username, displayName: user.displayName, cardHash, pinPending: false });
  const held = await listJobsOfOwner(services.context.db, user.username, ["held"], 200);
  await auditSessionStarted(services.context, session, kiosk, "card", held.length);
  const withoutPin = held.filter((job) => job.pinHash === null).map((job) => job.id);
  const { outcomes, finished } = await services.release.release({ user, kiosk, cardHash, mode: "release-on-badge" }, withoutPin, (event) => services.emitToKiosk(kiosk.id, "job:progress", { sessionId: session.id, ...event }));
  const claimed = outcomes.filter((outcome) => outcome.outcome === "accepted").length;
  session.released = claimed;
  services.sessions.end(kiosk.id, "released");
  // Jobs refused before anything was sent (the printer cannot print them) failed for this person too.
  const refused: JobEnd[] = outcomes.filter((outcome) => outcome.outcome === "failed").map((outcome) => ({ jobId: outcome.jobId, result: "failed", reason: outcome.reason }));
  // The session id lets the status screen match this badge's release:finished, which may come after the next badge.
  tellBadgeAnswer(services, kiosk.id, { ...badgeAnswer({ accountPin: false, printing: claimed, needPin: held.length - withoutPin.length, refused: refused.length }), sessionId: session.id });
  void finished
    .then(async (ends) => {
      // The acknowledgement below goes out when this handler returns, later in this same turn of the
      // event loop: waiting for the next turn keeps "claimed" in front of the result even when
      // every job failed at once.
      await afterThisTurn();
      services.emitToKiosk(kiosk.id, "release:finished", releaseFinished(session.id, [...refused, ...ends]));
    })
    .catch((error) => services.logger.warn({ kioskId: kiosk.id, err: toPrintvaktError(error).message }, "the outcome of a release-on-badge could not be sent"));
  return { outcome: "claimed", sessionId: session.id, claimed, kept: held.length - claimed, reasons: outcomes.filter((outcome) => outcome.reason).map((outcome) => outcome.reason!) };
}
