// Release-Job: accepted, but prints nothing. A job is released only by its owner at a kiosk, so
// that nobody's printout waits in a tray; the status message says so.
import { assertStillHoldable, RELEASE_AT_KIOSK } from "../keep-holding.js";
import { findOwnJob, targetJobId } from "../job-target.js";
import { discardBody, okReply, requesterOf, type IppOperationHandler } from "../operation.js";

export const releaseJob: IppOperationHandler = {
  name: "Release-Job",
  requester: "person",
  async run(request, services) {
    const job = await findOwnJob(services.context.db, requesterOf(request), targetJobId(request.message));
    await discardBody(request);
    assertStillHoldable(job);
    return okReply([], [], RELEASE_AT_KIOSK);
  },
};
