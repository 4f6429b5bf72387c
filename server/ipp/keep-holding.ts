// Hold-Job and Release-Job both leave a held job held: over IPP the owner can keep holding or
// cancel, but printing happens only at a kiosk, beside the printer, so nobody's printout waits in
// a tray. Set-Job-Attributes(job-hold-until) uses the same check.
import { PrintvaktError } from "../../core/errors.js";
import type { JobRecord } from "../store/jobs.js";
import { okReply, type IppOperationHandler } from "./operation.js";
import { ownJobOperation } from "./own-job-operation.js";

export const RELEASE_AT_KIOSK = "Held: badge at a printer's kiosk to print it there";

export function assertStillHoldable(job: JobRecord): void {
  if (job.state !== "held" && job.state !== "incoming") {
    throw new PrintvaktError("not-possible", `job ${job.id} is ${job.state} and no longer held`);
  }
}

/** An operation that answers success for the owner's held job and changes nothing. */
export function keepHoldingOperation(name: string): IppOperationHandler {
  // Nothing changes, so the owner's name is enough from any address (as for Get-Job-Attributes).
  return ownJobOperation(name, "read", ({ job }) => {
    assertStillHoldable(job);
    return okReply([], [], RELEASE_AT_KIOSK);
  });
}
