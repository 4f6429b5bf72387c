// Who may do what with a job: pure predicates, no I/O. A job you may not see (or not act on) is,
// to you, a job that does not exist, so callers answer "not found" whenever these are false.
//
// A name believed from requesting-user-name is only a claim any host on a trusted network can
// make. It may list its jobs (as "Job N") and act on the jobs sent from its own address; titles
// need proof: a password over TLS, or the owner's card at a kiosk.
import ipaddr from "ipaddr.js";
import { CANCELLABLE_STATES, isTerminal, type JobState } from "../jobs/job-states.js";
import type { Requester } from "./requester.js";

export interface JobFacts {
  ownerName: string;
  state: JobState;
  /** The address the job was submitted from. */
  sourceAddress: string;
}

export function canSeeJob(requester: Requester, job: JobFacts): boolean {
  return job.ownerName === requester.username;
}

/** A password proves the name; a bare name only counts for the jobs its own address sent. */
export function canChangeJob(requester: Requester, job: JobFacts): boolean {
  if (!canSeeJob(requester, job)) return false;
  return requester.identifiedBy === "http-basic" || sameAddress(requester.address, job.sourceAddress);
}

export function canCancelJob(requester: Requester, job: JobFacts): boolean {
  return canChangeJob(requester, job) && CANCELLABLE_STATES.includes(job.state);
}

export function canSendDocument(requester: Requester, job: JobFacts): boolean {
  return canChangeJob(requester, job) && job.state === "incoming";
}

/**
 * Titles are personal data: over IPP only to an owner proven with HTTP Basic over TLS (a password
 * sent in clear may have been read on the way). Everyone else sees "Job N".
 */
export function canSeeJobTitle(requester: Requester, job: JobFacts): boolean {
  return canSeeJob(requester, job) && requester.identifiedBy === "http-basic" && requester.overTls;
}

export function isFinished(job: JobFacts): boolean {
  return isTerminal(job.state);
}

/** The same host, whether the socket reported it as IPv4 or as IPv4-mapped IPv6. */
export function sameAddress(left: string, right: string): boolean {
  try {
    return ipaddr.process(left).toNormalizedString() === ipaddr.process(right).toNormalizedString();
  } catch {
    return false;
  }
}
