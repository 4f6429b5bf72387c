// Cancelling one's own job over IPP (Cancel-Job, Cancel-My-Jobs, Close-Job without a document).
import { destroyJobAndFile } from "../jobs/destroy-job.js";
import { CANCELLABLE_STATES } from "../jobs/job-states.js";
import { canCancelJob } from "../policy/jobs.js";
import type { Requester } from "../policy/requester.js";
import type { JobRecord } from "../store/jobs.js";
import type { IppServices } from "./ipp-services.js";

/**
 * True when the job was cancelled; false when its state no longer allows it. Callers found the
 * job with findOwnJob(..., "change"), so a job this requester may not change never gets here.
 */
export async function cancelOwnJob(services: IppServices, job: JobRecord, requester: Requester, peer: string, operation: string): Promise<boolean> {
  if (!canCancelJob(requester, job)) return false;
  return destroyJobAndFile(services.context.db, services.spool, services.logger, {
    jobId: job.id,
    from: CANCELLABLE_STATES,
    to: "cancelled",
    stateReason: "Cancelled by its owner",
    audit: { type: "job.cancelled", actor: `user:${requester.username}`, details: { peer, operation, identifiedBy: requester.identifiedBy } },
  });
}
