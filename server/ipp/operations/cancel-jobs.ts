// Cancel-Jobs: sent by CUPS's `cancel -a` (to /admin/). There is no operator over IPP here, so
// "all jobs" are all the requester's own, as Cancel-My-Jobs; nobody else's job exists for them.
import { cancelOwnJobsOperation } from "./cancel-my-jobs.js";

export const cancelJobs = cancelOwnJobsOperation("Cancel-Jobs");
