// Close-Job: no more documents follow. A job that never got its document is cancelled.
import { PrintvaktError } from "../../../core/errors.js";
import { cancelOwnJob } from "../cancel-own-job.js";
import { okReply } from "../operation.js";
import { ownJobOperation } from "../own-job-operation.js";

export const closeJob = ownJobOperation("Close-Job", "change", async ({ job, requester, request, services }) => {
  if (job.state === "incoming") await cancelOwnJob(services, job, requester, request.peer, "Close-Job");
  else if (job.state !== "held") throw new PrintvaktError("not-possible", `job ${job.id} is already ${job.state}`);
  return okReply([]);
});
