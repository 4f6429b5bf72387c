// The job state machine: which states a job passes through, who may move it, what each exit destroys.
//
// Design notes
// ============
// A job holds personal data in three places: the ciphertext file in the spool, the sealed title
// and the wrapped job key in the database. The key is what makes the other two readable, so
// "destroying" a job means, in this order and within one database transaction for the first two:
//   1. wrappedKey and sealedTitle set to NULL (the document and the title are now unreadable),
//   2. state set to the terminal state, destroyedAt set, and the audit entry appended,
//   3. after commit, the spool file unlinked. A crash between 2 and 3 leaves a file nobody can
//      decrypt; the start-up sweep removes every spool file whose job has no key.
//
//   state      IPP job-state          entered by                          leaves to
//   ---------  ---------------------  ----------------------------------  -----------------------------
//   incoming   pending-held (4)       Create-Job (no document yet)        held, cancelled, purged
//   held       pending-held (4)       Print-Job / Send-Document           releasing, deleted, cancelled, purged
//   releasing  processing (5)         the owner, at a kiosk               released, held (failure: reason kept)
//   released   completed (9)          the printer confirmed the job       — (terminal, destroyed)
//   deleted    canceled (7)           the owner at a kiosk, or an admin   — (terminal, destroyed)
//   cancelled  canceled (7)           the owner over IPP (Cancel-Job)     — (terminal, destroyed)
//   purged     aborted (8)            retention: hold time passed         — (terminal, destroyed)
//
// Who: only the owner moves a job out of held (kiosk release, kiosk delete, IPP cancel); an admin
// may delete with a stated reason; only the system purges. Release-Job and Hold-Job over IPP
// never print: release happens at a kiosk, where the person stands beside the printer.
// A job in "releasing" when the server starts was interrupted mid-send: it goes back to held with
// the reason "release interrupted", because printing it twice would be worse than asking again.

export const JOB_STATES = ["incoming", "held", "releasing", "released", "deleted", "cancelled", "purged"] as const;
export type JobState = (typeof JOB_STATES)[number];

export const LIVE_STATES: readonly JobState[] = ["incoming", "held", "releasing"];
export const TERMINAL_STATES: readonly JobState[] = ["released", "deleted", "cancelled", "purged"];

const TRANSITIONS: Record<JobState, readonly JobState[]> = {
  incoming: ["held", "cancelled", "purged"],
  held: ["releasing", "deleted", "cancelled", "purged"],
  releasing: ["released", "held"],
  released: [],
  deleted: [],
  cancelled: [],
  purged: [],
};

export function canMove(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** IPP job-state enum values (RFC 8011 §5.3.7). */
const IPP_JOB_STATE: Record<JobState, number> = {
  incoming: 4,
  held: 4,
  releasing: 5,
  released: 9,
  deleted: 7,
  cancelled: 7,
  purged: 8,
};

const IPP_JOB_STATE_REASONS: Record<JobState, string[]> = {
  incoming: ["job-incoming"],
  held: ["job-hold-until-specified"],
  releasing: ["job-printing"],
  released: ["job-completed-successfully"],
  deleted: ["job-canceled-at-device"],
  cancelled: ["job-canceled-by-user"],
  purged: ["aborted-by-system"],
};

export function ippJobState(state: JobState): number {
  return IPP_JOB_STATE[state];
}

export function ippJobStateReasons(state: JobState): string[] {
  return IPP_JOB_STATE_REASONS[state];
}
