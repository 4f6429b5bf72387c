// Opening a kiosk session for a person (after card, card+PIN or card linking), and its audit.
import type { AppContext } from "../app-context.js";
import type { JsonValue } from "../audit/entry.js";
import type { KioskRecord } from "../store/kiosks.js";
import { recentAdminChanges } from "../store/recent-admin-changes.js";
import type { UserRecord } from "../store/users.js";
import type { KioskSession } from "./kiosk-sessions.js";
import type { KioskServices } from "./kiosk-services.js";
import { sessionViewAndAdminChanges, type SessionView } from "./session-view.js";
import { appendAuditAlone } from "../store/audit-group-commit.js";

const RECENT_MS = 24 * 3_600_000;

/** The subjects whose recent admin changes a session.started entry names, and since when. */
function adminChangesOf(kiosk: KioskRecord): { subjects: string[]; since: Date } {
  return { subjects: [`kiosk:${kiosk.name}`, `printer:${kiosk.printerName}`], since: new Date(Date.now() - RECENT_MS) };
}

/** `changed`: the recent admin changes when already read with the session's view (showStartedSession). */
export async function auditSessionStarted(context: AppContext, session: KioskSession, kiosk: KioskRecord, method: "card" | "card+pin", heldJobs: number, changed?: string[]): Promise<void> {
  // A kiosk or printer an admin added or changed within the day: an auditor sees it on the session itself.
  if (changed === undefined) {
    const { subjects, since } = adminChangesOf(kiosk);
    changed = await recentAdminChanges(context.db, subjects, since);
  }
  const details: Record<string, JsonValue> = { sessionId: session.id, method, heldJobs, mode: kiosk.releaseOnBadge ? "release-on-badge" : "screen", printer: kiosk.printerName, cardHash: session.cardHash };
  if (changed.length > 0) details.recentAdminChanges = changed;
  await appendAuditAlone(context.db, {
    type: "session.started",
    actor: `user:${session.username}`,
    subject: `kiosk:${kiosk.name}`,
    details,
  });
}

/**
 * What the screen may say before the PIN is accepted: the first name only ("Anna" of "Anna
 * Andersson"), so a found card does not tell its finder whose it is.
 */
export function firstName(displayName: string): string {
  return displayName.trim().split(/\s+/)[0] ?? "";
}

/** Starts a session; with a PIN on the account it waits for the PIN first. */
export async function openSession(services: KioskServices, kiosk: KioskRecord, user: UserRecord, cardHash: string): Promise<{ outcome: "session" | "pin-required"; view?: SessionView; session: KioskSession }> {
  const session = services.sessions.start({ kioskId: kiosk.id, kioskName: kiosk.name, userId: user.id, username: user.username, displayName: user.displayName, cardHash, pinPending: user.pinHash !== null });
  if (session.pinPending) {
    services.emitToKiosk(kiosk.id, "session:pin-required", { sessionId: session.id, displayName: firstName(session.displayName || session.username), reason: "card-pin" });
    return { outcome: "pin-required", session };
  }
  const view = await showStartedSession(services, session, kiosk, "card");
  return { outcome: "session", view, session };
}

/**
 * Shows a session that has started (card, or card and PIN): its view, once its session.started
 * entry is committed. The view and the admin changes the entry names are read together.
 */
export async function showStartedSession(services: KioskServices, session: KioskSession, kiosk: KioskRecord, method: "card" | "card+pin"): Promise<SessionView> {
  const { view, adminChanges } = await sessionViewAndAdminChanges(services.context, session, adminChangesOf(kiosk));
  await auditSessionStarted(services.context, session, kiosk, method, view.jobs.length, adminChanges);
  services.emitToKiosk(kiosk.id, "session:started", view);
  return view;
}
