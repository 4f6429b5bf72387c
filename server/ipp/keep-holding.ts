// Hold-Job, Release-Job and Set-Job-Attributes(job-hold-until) all leave a held job held: over IPP
// the owner can keep holding or cancel, but printing happens only at a kiosk, beside the printer.
import { PrintvaktError } from "../errors.js";
import type { JobRecord } from "../store/jobs.js";

export const RELEASE_AT_KIOSK = "Held: badge at a printer's kiosk to print it there";

export function assertStillHoldable(job: JobRecord): void {
  if (job.state !== "held" && job.state !== "incoming") {
    throw new PrintvaktError("not-possible", `job ${job.id} is ${job.state} and no longer held`);
  }
}
