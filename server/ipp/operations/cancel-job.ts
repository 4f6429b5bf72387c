// Cancel-Job: the owner withdraws a held job; its key and file are destroyed at once.
import { PrintvaktError } from "../../../core/errors.js";
import { cancelOwnJob } from "../cancel-own-job.js";
import { okReply } from "../operation.js";
import { ownJobOperation } from "../own-job-operation.js";

export const cancelJob = ownJobOperation("Cancel-Job", "change", async ({ job, requester, request, services }) => {
  if (!(await cancelOwnJob(services, job, requester, request.peer, "Cancel-Job"))) {
    throw new PrintvaktError("not-possible", `job ${job.id} cannot be cancelled: it is already ${job.state}`);
  }
  return okReply([]);
});
