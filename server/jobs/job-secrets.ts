// Seals and opens a job's key and title. The context binds both to one job id, so a wrapped key
// or sealed title copied onto another row does not open.
import type { MasterKey } from "../spool/master-key.js";
import { openSmall, sealSmall, unwrapJobKey, wrapJobKey } from "../spool/job-key.js";

const context = (jobId: number) => `job:${jobId}`;

export function sealJobSecrets(master: MasterKey, jobId: number, jobKey: Buffer, title: string): { wrappedKey: Buffer; sealedTitle: Buffer } {
  return { wrappedKey: wrapJobKey(master, jobKey, context(jobId)), sealedTitle: sealSmall(jobKey, title, context(jobId)) };
}

export function openJobKey(master: MasterKey, job: { id: number; wrappedKey: Buffer | null }): Buffer | null {
  return job.wrappedKey ? unwrapJobKey(master, job.wrappedKey, context(job.id)) : null;
}

/** The title in clear, or null once the job's key is destroyed. */
export function openJobTitle(master: MasterKey, job: { id: number; wrappedKey: Buffer | null; sealedTitle: Buffer | null }): string | null {
  const key = openJobKey(master, job);
  return key && job.sealedTitle ? openSmall(key, job.sealedTitle, context(job.id)) : null;
}
