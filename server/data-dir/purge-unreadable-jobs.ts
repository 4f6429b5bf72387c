// What accepting a lost master key does (`printvakt serve --accept-unreadable-jobs`): the live jobs
// the loaded key cannot open are destroyed at start, each audited as job.purged with the reason
// "master-key-lost", so the next start finds none and is not refused again.
import { destroyJobAndFile, scrubAfterDestruction } from "../jobs/destroy-job.js";
import { EXPIRABLE_STATES } from "../jobs/job-states.js";
import type { Logger } from "../logger.js";
import { purgedEntry } from "../retention/purge-expired-jobs.js";
import type { MasterKey } from "../spool/master-key.js";
import type { SpoolStore } from "../spool/spool-store.js";
import type { Database } from "../store/database.js";
import { listJobsUnderOtherMasterKeys } from "../store/jobs.js";

export const MASTER_KEY_LOST = "master-key-lost";

/** Runs after interrupted releases were recovered, so no unreadable job is still "releasing". Returns how many were purged. */
export async function purgeUnreadableJobs(parts: { db: Database; spool: SpoolStore; logger: Logger; masterKey: MasterKey }): Promise<number> {
  const now = new Date();
  let purged = 0;
  for (const job of await listJobsUnderOtherMasterKeys(parts.db, parts.masterKey.id)) {
    if (!EXPIRABLE_STATES.includes(job.state)) continue;
    const destroyed = await destroyJobAndFile(
      parts.db,
      parts.spool,
      parts.logger,
      { jobId: job.id, from: [job.state], to: "purged", stateReason: MASTER_KEY_LOST, audit: purgedEntry(job, MASTER_KEY_LOST, now) },
      { inBatch: true },
    );
    if (destroyed) purged++;
  }
  if (purged > 0) {
    await scrubAfterDestruction(parts.db, parts.logger);
    parts.logger.warn({ jobs: purged, masterKeyId: parts.masterKey.id }, "destroyed the jobs the master key cannot open, as the operator accepted");
  }
  return purged;
}
