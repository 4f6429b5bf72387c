// Who may do what with a job: pure predicates, no I/O. A job you may not see is, to you, a job
// that does not exist, so callers answer "not found" whenever canSeeJob is false.
import { CANCELLABLE_STATES, isTerminal, type JobState } from "../jobs/job-states.js";
import type { Requester } from "./requester.js";

export interface JobFacts {
  ownerName: string;
  state: JobState;
}

export function canSeeJob(requester: Requester, job: JobFacts): boolean {
  return job.ownerName === requester.username;
}

export function canCancelJob(requester: Requester, job: JobFacts): boolean {
  return canSeeJob(requester, job) && CANCELLABLE_STATES.includes(job.state);
}

export function canSendDocument(requester: Requester, job: JobFacts): boolean {
  return canSeeJob(requester, job) && job.state === "incoming";
}

/** Title, name and size of a job are shown to its owner only. */
export function canSeeJobTitle(requester: Requester, job: JobFacts): boolean {
  return canSeeJob(requester, job);
}

export function isFinished(job: JobFacts): boolean {
  return isTerminal(job.state);
}
