// Who may release or delete a job at a kiosk: only its owner, only while it is held. The printer
// is never a parameter: a session releases only to its own kiosk's printer.
import type { JobFacts } from "./jobs.js";

export function canReleaseAtKiosk(username: string, job: JobFacts): boolean {
  return job.ownerName === username && job.state === "held";
}

export function canDeleteAtKiosk(username: string, job: JobFacts): boolean {
  return job.ownerName === username && job.state === "held";
}
