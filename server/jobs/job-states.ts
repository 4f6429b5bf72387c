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
//   state             IPP job-state     entered by                                leaves to
//   ----------------  ----------------  ----------------------------------------  ---------------------------------------
//   incoming          pending-held (4)  Create-Job (no document yet)              held, refused, cancelled, purged
//   held              pending-held (4)  Print-Job / Send-Document; a release the  held (hold time changed), releasing,
//                                       printer refused before reading            deleted, cancelled, purged
//   releasing         processing (5)    the owner, at a kiosk                     released, held, may-have-printed
//   may-have-printed  pending-held (4)  a release whose outcome is unknown        releasing (owner confirms at a screen),
//                                                                                 deleted, cancelled, purged
//   released          completed (9)     the printer confirmed the job             — (terminal, destroyed)
//   deleted           canceled (7)      the owner at a kiosk, or an admin         — (terminal, destroyed)
//   cancelled         canceled (7)      the owner over IPP (Cancel-Job)           — (terminal, destroyed)
//   purged            aborted (8)       retention: hold time passed               — (terminal, destroyed)
//   refused           aborted (8)       Send-Document whose document was refused  — (terminal, destroyed)
//                                       (format, size, corrupt data)
//
// Who: only the owner moves a job out of held (kiosk release, kiosk delete, IPP cancel); an admin
// may delete with a stated reason; only the system purges. Release-Job and Hold-Job over IPP
// never print: release happens at a kiosk, where the person stands beside the printer.
// releasing → held only when the printer certainly has nothing (it refused before reading, or the
// connection never opened). Whenever document bytes may have reached it — the server died while
// sending or following the job, the connection dropped after bytes left, the printer stopped
// answering — the job goes to may-have-printed. From there only its owner at a screen kiosk, told
// where and when it may have printed, can print it again; a reader-only kiosk never does.
// Every state change goes through assertMove() (the store's job module calls it before writing).
import { PrintvaktError } from "../../core/errors.js";

export const JOB_STATES = ["incoming", "held", "releasing", "may-have-printed", "released", "deleted", "cancelled", "purged", "refused"] as const;
export type JobState = (typeof JOB_STATES)[number];

const TRANSITIONS: Record<JobState, readonly JobState[]> = {
  // A refused document ends its job at once (review F5): a CUPS site server that saw the job
  // still held after its refused Send-Document reported it "completed" to the user.
  incoming: ["held", "refused", "cancelled", "purged"],
  held: ["held", "releasing", "deleted", "cancelled", "purged"],
  releasing: ["released", "held", "may-have-printed"],
  "may-have-printed": ["releasing", "deleted", "cancelled", "purged"],
  released: [],
  deleted: [],
  cancelled: [],
  purged: [],
  refused: [],
};

/** Jobs that still hold a key: what Get-Jobs calls not-completed and what quotas count. */
export const LIVE_STATES: readonly JobState[] = ["incoming", "held", "releasing", "may-have-printed"];
export const TERMINAL_STATES: readonly JobState[] = JOB_STATES.filter((state) => TRANSITIONS[state].length === 0);
/** What retention purges once the hold time has passed (never a job on its way to a printer). */
export const EXPIRABLE_STATES: readonly JobState[] = ["incoming", "held", "may-have-printed"];
/** What a kiosk screen lists for its owner. */
export const KIOSK_VISIBLE_STATES: readonly JobState[] = ["held", "releasing", "may-have-printed"];
/** What the owner may cancel over IPP (Cancel-Job, Cancel-My-Jobs). */
export const CANCELLABLE_STATES: readonly JobState[] = ["incoming", "held", "may-have-printed"];
/** What the owner may delete at a kiosk, and an admin from the console. */
export const DELETABLE_STATES: readonly JobState[] = ["held", "may-have-printed"];

export function canMove(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Thrown, before anything is written, for a state change the table does not allow. */
export class JobTransitionRefused extends PrintvaktError {
  constructor(
    readonly from: JobState,
    readonly to: JobState,
  ) {
    super("not-possible", `a job cannot move from ${from} to ${to}`, { userMessage: "The job's state does not allow this", details: { from, to } });
  }
}

/** Refuses every pair in `from` × `to` that the table does not list. */
export function assertMove(from: JobState | readonly JobState[], to: JobState): void {
  for (const state of typeof from === "string" ? [from] : from) {
    if (!canMove(state, to)) throw new JobTransitionRefused(state, to);
  }
}

/** IPP job-state (RFC 8011 §5.3.7), job-state-reasons and job-state-message of each state: one row per state. */
const IPP_JOB_STATES: Record<JobState, { state: number; reasons: readonly string[]; message: string }> = {
  incoming: { state: 4, reasons: ["job-incoming"], message: "Waiting for the document" },
  held: { state: 4, reasons: ["job-hold-until-specified"], message: "Held: badge at any printer's kiosk to print" },
  releasing: { state: 5, reasons: ["job-printing"], message: "Printing" },
  // Held until its owner decides again at a screen kiosk; IPP has no keyword for "maybe printed".
  "may-have-printed": { state: 4, reasons: ["job-hold-until-specified"], message: "May already have printed: confirm at a kiosk screen to print again" },
  released: { state: 9, reasons: ["job-completed-successfully"], message: "Printed and removed from the server" },
  deleted: { state: 7, reasons: ["job-canceled-at-device"], message: "Deleted" },
  cancelled: { state: 7, reasons: ["job-canceled-by-user"], message: "Cancelled" },
  purged: { state: 8, reasons: ["aborted-by-system"], message: "Not collected in time: destroyed" },
  refused: { state: 8, reasons: ["aborted-by-system"], message: "The document was refused: nothing is held" },
};

export function ippJobState(state: JobState): number {
  return IPP_JOB_STATES[state].state;
}

export function ippJobStateReasons(state: JobState): string[] {
  return [...IPP_JOB_STATES[state].reasons];
}

export function ippJobStateMessage(state: JobState): string {
  return IPP_JOB_STATES[state].message;
}
