// Destroys the held jobs of people the directory disabled or dropped, once their grace period is over.
import type { AppContext } from "../app-context.js";
import { destroyJobAndFile, scrubAfterDestruction } from "../jobs/destroy-job.js";
import type { Logger } from "../logger.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { peopleDisabledBefore } from "../store/directory-people.js";
import { listJobsOfOwner } from "../store/jobs.js";
import { purgedEntry } from "../retention/purge-expired-jobs.js";

/** How many jobs were destroyed; each is audited as job.purged with reason owner-disabled or owner-removed. */
export async function purgeJobsAfterGrace(context: AppContext, spool: SpoolStore, logger: Logger, graceMs: number, now = new Date()): Promise<number> {
  const people = await peopleDisabledBefore(context.db, new Date(now.getTime() - graceMs));
  let purged = 0;
  for (const person of people) {
    const reason = `owner-${person.reason}`;
    // Jobs that may have printed are kept for their owner like held ones, and go with them.
    for (const job of await listJobsOfOwner(context.db, person.username, ["held", "may-have-printed"])) {
      const destroyed = await destroyJobAndFile(context.db, spool, logger, {
        jobId: job.id,
        from: [job.state],
        to: "purged",
        stateReason: reason,
        audit: purgedEntry(job, reason, now),
      }, { inBatch: true });
      if (destroyed) purged++;
    }
  }
  if (purged > 0) await scrubAfterDestruction(context.db, logger);
  return purged;
}
