// Jobs that name given spool files, recorded in one transaction: the setup the start-up sweeps'
// tests share (orphan-sweep, missing-documents). Whether each file exists is the test's business.
import type { AppContext } from "../../server/app-context.js";
import { sealJobSecrets } from "../../server/jobs/job-secrets.js";
import { newJobKey } from "../../server/spool/job-key.js";
import { createJob, moveJob } from "../../server/store/jobs.js";

const HOUR = 3_600_000;

/**
 * One of alice's jobs per spool id, in `state`: an incoming job names no file yet (its spool id is
 * left out); a may-have-printed one gets there through a release, as in the server.
 */
export async function jobsNamingSpoolFiles(context: AppContext, spoolIds: readonly string[], state: "incoming" | "held" | "may-have-printed" = "held"): Promise<number[]> {
  return context.db.write(async (tx) => {
    const ids: number[] = [];
    for (const spoolId of spoolIds) {
      const jobKey = newJobKey();
      const job = await createJob(
        tx,
        {
          ownerName: "alice",
          ownerIdentifiedBy: "requesting-user-name",
          state: state === "incoming" ? "incoming" : "held",
          sourceAddress: "127.0.0.1",
          documentFormat: "application/pdf",
          sizeBytes: 10,
          template: {},
          masterKeyId: context.masterKey.id,
          spoolId: state === "incoming" ? null : spoolId,
          pinHash: null,
          expiresAt: new Date(Date.now() + HOUR),
          holdDueHeldMs: 0n,
        },
        (jobId) => sealJobSecrets(context.masterKey, jobId, jobKey, "title"),
      );
      if (state === "may-have-printed" && !((await moveJob(tx, job.id, "held", "releasing")) && (await moveJob(tx, job.id, "releasing", "may-have-printed")))) {
        throw new Error(`job ${job.id} did not reach may-have-printed`);
      }
      ids.push(job.id);
    }
    return ids;
  });
}
