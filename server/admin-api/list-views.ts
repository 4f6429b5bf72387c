// How a person and a live job look in the console's lists: one shape for the whole list
// (GET /api/users, /api/jobs) and for its pages (GET /api/people, /api/held-jobs).
import { isLockedOut } from "../policy/pins.js";
import { canSeeCardEndings, type ConsoleActor } from "../policy/admin.js";
import type { JobRecord } from "../store/jobs.js";
import type { UserRecord } from "../store/users.js";

/** A person: how many cards for both roles, each card's id and ending for admins, never a number. */
export function personView(user: UserRecord, actor: ConsoleActor, now: Date) {
  return {
    username: user.username,
    displayName: user.displayName,
    cardCount: user.cards.length,
    ...(canSeeCardEndings(actor) ? { cards: user.cards.map((card) => ({ id: card.id, lastDigits: card.lastDigits })) } : {}),
    hasPin: user.pinHash !== null,
    canLinkWithPassword: user.passwordHash !== null,
    failedPins: user.failedPins,
    lockedUntil: isLockedOut(user, now) ? user.lockedUntil!.toISOString() : null,
    // Directory people: name and cards are read-only here (the console hides their card controls).
    source: user.directoryId === null ? "hand" : "directory",
    disabled: user.disabledAt !== null,
  };
}

/** A live job, without its title. */
export function heldJobView(job: JobRecord) {
  return {
    id: job.id,
    owner: job.ownerName,
    state: job.state,
    // A code, never English text: the console words it in the admin's language.
    stateReasonCode: job.stateReasonCode,
    submittedAt: job.submittedAt.toISOString(),
    expiresAt: job.expiresAt.toISOString(),
    sizeBytes: job.sizeBytes,
    pages: job.pages,
    copies: typeof job.template.copies === "number" ? job.template.copies : 1,
    documentFormat: job.sniffedFormat ?? job.documentFormat,
    needsPin: job.pinHash !== null,
  };
}
