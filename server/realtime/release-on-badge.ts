// Reader-only kiosks: badging releases every held job of the person that needs no PIN. Jobs that
// may already have printed are never released here: nobody can be warned without a screen.
import { listJobsOfOwner } from "../store/jobs.js";
import type { KioskRecord } from "../store/kiosks.js";
import type { UserRecord } from "../store/users.js";
import type { KioskServices } from "./kiosk-services.js";
import { auditSessionStarted } from "./session-start.js";

export async function releaseOnBadge(services: KioskServices, kiosk: KioskRecord, user: UserRecord, card: string): Promise<Record<string, unknown>> {
  // Without a screen nobody can type a PIN: a card+PIN account releases nothing here.
  if (user.pinHash !== null) return { outcome: "pin-required", released: 0, kept: 0 };
  const session = services.sessions.start({ kioskId: kiosk.id, kioskName: kiosk.name, userId: user.id, username: user.username, displayName: user.displayName, card, pinPending: false });
  const held = await listJobsOfOwner(services.context.db, user.username, ["held"], 200);
  await auditSessionStarted(services.context, session, kiosk, "card", held.length);
  const withoutPin = held.filter((job) => job.pinHash === null).map((job) => job.id);
  const { outcomes } = await services.release.release({ user, kiosk, card, mode: "release-on-badge" }, withoutPin, (event) => services.emitToKiosk(kiosk.id, "job:progress", { sessionId: session.id, ...event }));
  const released = outcomes.filter((outcome) => outcome.outcome === "accepted").length;
  session.released = released;
  services.sessions.end(kiosk.id, "released");
  const summary = { released, kept: held.length - released, reasons: outcomes.filter((outcome) => outcome.reason).map((outcome) => outcome.reason!) };
  services.emitToKiosk(kiosk.id, "release:done", summary);
  return { outcome: "released", ...summary };
}
