// Close-Job: no more documents follow. A job that never got its document is cancelled.
import { PrintvaktError } from "../../../core/errors.js";
import { cancelOwnJob } from "../cancel-own-job.js";
import { findOwnJob, targetJobId } from "../job-target.js";
import { discardBody, okReply, requesterOf, type IppOperationHandler } from "../operation.js";

export const closeJob: IppOperationHandler = {
  name: "Close-Job",
  requester: "person",
  async run(request, services) {
    const requester = requesterOf(request);
    const job = await findOwnJob(services.context.db, requester, targetJobId(request.message));
    await discardBody(request);
    if (job.state === "incoming") await cancelOwnJob(services, job, requester, request.peer, "Close-Job");
    else if (job.state !== "held") throw new PrintvaktError("not-possible", `job ${job.id} is already ${job.state}`);
    return okReply([]);
  },
};
