// Who may release or delete a job at a kiosk: only its owner, only while it is held — or, for a job
// that may already have printed, only when the owner confirmed at a screen that it should print
// again. The printer is never a parameter: a session releases only to its own kiosk's printer.
import { DELETABLE_STATES } from "../jobs/job-states.js";
import type { JobFacts } from "./jobs.js";

export function canReleaseAtKiosk(username: string, job: JobFacts, confirmedReprint = false): boolean {
  if (job.ownerName !== username) return false;
  return job.state === "held" || (job.state === "may-have-printed" && confirmedReprint);
}

export function canDeleteAtKiosk(username: string, job: JobFacts): boolean {
  return job.ownerName === username && DELETABLE_STATES.includes(job.state);
}
