// Purge-Jobs (deprecated, RFC 8011): sent by CUPS's `cancel -x -a`. Cancelling destroys a job's
// key and file at once, so purging is the same as Cancel-Jobs: the requester's own jobs.
import { cancelOwnJobsOperation } from "./cancel-my-jobs.js";

export const purgeJobs = cancelOwnJobsOperation("Purge-Jobs");
