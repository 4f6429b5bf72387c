// Who may do what in the admin console and API: pure predicates over the console actor's role
// and, where it matters, the thing acted on. Admins manage; auditors only read. No I/O here.
import { DELETABLE_STATES, LIVE_STATES, type JobState } from "../jobs/job-states.js";

export type ConsoleRole = "admin" | "auditor";

export interface ConsoleActor {
  username: string;
  role: ConsoleRole;
}

const isAdmin = (actor: ConsoleActor): boolean => actor.role === "admin";
const isConsoleAccount = (actor: ConsoleActor): boolean => actor.role === "admin" || actor.role === "auditor";

/** Lists of printers, kiosks, people, held jobs (titles masked) and the charts. */
export function canViewConsole(actor: ConsoleActor): boolean {
  return isConsoleAccount(actor);
}

export function canManagePrinters(actor: ConsoleActor): boolean {
  return isAdmin(actor);
}

/** Create kiosks, issue pairing codes (a new token), revoke. */
export function canManageKiosks(actor: ConsoleActor): boolean {
  return isAdmin(actor);
}

/** Add people, add and remove cards, reset PINs, unlock, issue enrolment codes. */
export function canManagePeople(actor: ConsoleActor): boolean {
  return isAdmin(actor);
}

/**
 * A person's cards one by one (id and ending, for removing one): admins, who manage them; auditors
 * see how many. Nobody sees a number: only its keyed hash is stored.
 */
export function canSeeCardEndings(actor: ConsoleActor): boolean {
  return isAdmin(actor);
}

/** Whether the console may offer job actions at all (the per-job predicates below decide each case). */
export function canManageJobs(actor: ConsoleActor): boolean {
  return isAdmin(actor);
}

/** An admin may delete a job that is still held, and must state why (checked by the route). */
export function canDeleteHeldJob(actor: ConsoleActor, job: { state: JobState }): boolean {
  return isAdmin(actor) && DELETABLE_STATES.includes(job.state);
}

/** Titles are personal data: an admin may see one, with a reason that is audited, while the job is live. */
export function canRevealJobTitle(actor: ConsoleActor, job: { state: JobState }): boolean {
  return isAdmin(actor) && LIVE_STATES.includes(job.state);
}

/** Search, page through, export and verify the audit log: both roles (every read is audited). */
export function canReadAudit(actor: ConsoleActor): boolean {
  return isConsoleAccount(actor);
}

/**
 * Find jobs by document title: both roles investigate, and the route refuses a search without a
 * reason and records it (only the keyed hash of the searched text) before answering.
 */
export function canSearchTitles(actor: ConsoleActor): boolean {
  return isConsoleAccount(actor);
}

export function canExportAudit(actor: ConsoleActor): boolean {
  return isConsoleAccount(actor);
}

export function canVerifyAudit(actor: ConsoleActor): boolean {
  return isConsoleAccount(actor);
}

/** Nobody reads a document's content through the console: there is no route for it, and this says so. */
export function canReadDocumentContent(_actor: ConsoleActor): boolean {
  return false;
}
