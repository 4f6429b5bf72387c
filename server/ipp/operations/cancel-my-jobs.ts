// Cancel-My-Jobs: the owner withdraws all (or the listed) of their own held jobs. A bare
// requesting-user-name reaches only the jobs sent from its own address; the others, like other
// people's, do not exist for it.
import { PrintvaktError } from "../../../core/errors.js";
import { LIVE_STATES } from "../../jobs/job-states.js";
import { canChangeJob } from "../../policy/jobs.js";
import { listJobsOfOwner } from "../../store/jobs.js";
import { findAttribute, findGroup, integerOf } from "../../../core/ipp/codec/accessors.js";
import { GroupTag } from "../../../core/ipp/codec/tags.js";
import { cancelOwnJob } from "../cancel-own-job.js";
import { JOB_NOT_FOUND } from "../job-target.js";
import { discardBody, okReply, requesterOf, type IppOperationHandler } from "../operation.js";

/**
 * The handler for Cancel-My-Jobs, and for Cancel-Jobs and Purge-Jobs as CUPS's `cancel -a` and
 * `cancel -x -a` send them (review F6): "all jobs" to a person are the jobs they can see, their own.
 */
export function cancelOwnJobsOperation(name: string): IppOperationHandler {
  return {
    name,
    requester: "person",
    async run(request, services) {
      const requester = requesterOf(request);
      await discardBody(request);
      const operation = findGroup(request.message, GroupTag.operation);
      const listed = operation ? findAttribute(operation, "job-ids")?.values.map(integerOf) : undefined;
      if (listed?.some((id) => id === undefined)) throw new PrintvaktError("bad-request", "job-ids must be integers");
      const own = (await listJobsOfOwner(services.context.db, requester.username, LIVE_STATES)).filter((job) => canChangeJob(requester, job));
      const wanted = listed ? own.filter((job) => listed.includes(job.id)) : own;
      if (listed && wanted.length !== listed.length) throw new PrintvaktError("not-found", JOB_NOT_FOUND);
      for (const job of wanted) await cancelOwnJob(services, job, requester, request.peer, name);
      return okReply([]);
    },
  };
}

export const cancelMyJobs = cancelOwnJobsOperation("Cancel-My-Jobs");
