// Cancel-Job: the owner withdraws a held job; its key and file are destroyed at once.
import { PrintvaktError } from "../../../core/errors.js";
import { cancelOwnJob } from "../cancel-own-job.js";
import { findOwnJob, targetJobId } from "../job-target.js";
import { discardBody, okReply, requesterOf, type IppOperationHandler } from "../operation.js";

export const cancelJob: IppOperationHandler = {
  name: "Cancel-Job",
  requester: "person",
  async run(request, services) {
    const requester = requesterOf(request);
    const job = await findOwnJob(services.context.db, requester, targetJobId(request.message));
    await discardBody(request);
    if (!(await cancelOwnJob(services, job, requester, request.peer, "Cancel-Job"))) {
      throw new PrintvaktError("not-possible", `job ${job.id} cannot be cancelled: it is already ${job.state}`);
    }
    return okReply([]);
  },
};
