// Destroys the held jobs of people the directory disabled or dropped, once their grace period is over.
import type { AppContext } from "../app-context.js";
import { destroyJobAndFile } from "../jobs/destroy-job.js";
import type { Logger } from "../logger.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { peopleDisabledBefore } from "../store/directory-people.js";
import { listJobsOfOwner } from "../store/jobs.js";

/** How many jobs were destroyed; each is audited as job.purged with reason owner-disabled or owner-removed. */
export async function purgeJobsAfterGrace(context: AppContext, spool: SpoolStore, logger: Logger, graceMs: number, now = new Date()): Promise<number> {
  const people = await peopleDisabledBefore(context.db, new Date(now.getTime() - graceMs));
  let purged = 0;
  for (const person of people) {
    const reason = `owner-${person.reason}`;
    for (const job of await listJobsOfOwner(context.db, person.username, ["held"])) {
      const destroyed = await destroyJobAndFile(context.db, spool, logger, {
        jobId: job.id,
        from: ["held"],
        to: "purged",
        stateReason: reason,
        audit: {
          type: "job.purged",
          actor: "system",
          details: { owner: job.ownerName, reason, heldSeconds: Math.max(0, Math.floor((now.getTime() - job.submittedAt.getTime()) / 1000)), sizeBytes: job.sizeBytes },
        },
      });
      if (destroyed) purged++;
    }
  }
  return purged;
}
