// Hold-Job: every job is held already; answers success for the owner's held job.
import { assertStillHoldable, RELEASE_AT_KIOSK } from "../keep-holding.js";
import { findOwnJob, targetJobId } from "../job-target.js";
import { discardBody, okReply, requesterOf, type IppOperationHandler } from "../operation.js";

export const holdJob: IppOperationHandler = {
  name: "Hold-Job",
  requester: "person",
  async run(request, services) {
    const job = await findOwnJob(services.context.db, requesterOf(request), targetJobId(request.message));
    await discardBody(request);
    assertStillHoldable(job);
    return okReply([], [], RELEASE_AT_KIOSK);
  },
};
