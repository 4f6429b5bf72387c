// What each of a kiosk's two credentials may do (review M5, H3): pure predicates, no I/O.
// The screen runs in a browser (its token sits in localStorage, within reach of devtools and of
// anyone who escapes kiosk mode), so it shows and acts on a session but never starts one: only the
// card reader agent presents cards. The console never mints an agent credential; the operator's
// CLI on the server does, so a console admin cannot make a "reader" that presents any card number.
import type { AdminOrigin } from "./printer-destinations.js";

export type KioskCredential = "screen" | "agent";

export function canPresentCards(credential: KioskCredential): boolean {
  return credential === "agent";
}

export function canIssueAgentCredential(origin: AdminOrigin): boolean {
  return origin === "cli";
}

/**
 * A reader-only kiosk (created with --release-on-badge) prints at the badge and has no sessions: its
 * screen is a status display of what each badge did, so it may not act on sessions (session:*) or
 * link cards (card:link). Whoever gets at that browser must not find a job list or a PIN pad there.
 */
export function canActOnSessions(kiosk: { releaseOnBadge: boolean }): boolean {
  return !kiosk.releaseOnBadge;
}
