// Finds the job an operation names (job-uri, or printer-uri + job-id) for its requester. Someone
// else's job and a missing job give the same answer, byte for byte.
import { PrintvaktError } from "../../core/errors.js";
import { canChangeJob, canSeeJob } from "../policy/jobs.js";
import type { Requester } from "../policy/requester.js";
import type { Database } from "../store/database.js";
import { findJob, type JobRecord } from "../store/jobs.js";
import { firstInteger, firstString } from "../../core/ipp/codec/accessors.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";

const JOB_PATH = /\/(?:ipp\/print|printers\/[^/]+|jobs)\/(\d{1,10})$/;

export function targetJobId(message: IppMessage): number {
  const jobUri = firstString(message, GroupTag.operation, "job-uri");
  if (jobUri !== undefined) {
    let path: string;
    try {
      path = new URL(jobUri).pathname;
    } catch {
      throw new PrintvaktError("bad-request", "job-uri is not a URI");
    }
    const match = JOB_PATH.exec(path);
    if (!match) throw new PrintvaktError("not-found", JOB_NOT_FOUND);
    return Number(match[1]);
  }
  const jobId = firstInteger(message, GroupTag.operation, "job-id");
  if (jobId === undefined) throw new PrintvaktError("bad-request", "job-id or job-uri is required");
  return jobId;
}

export const JOB_NOT_FOUND = "The job does not exist";

/**
 * What the operation does with the job: "read" it (or answer about it without changing it), or
 * "change" it (cancel, add its document), which a bare requesting-user-name may only do from the
 * address that submitted the job.
 */
export type JobPurpose = "read" | "change";

/** The requester's own job, or "not found" — also when it exists but is someone else's, or not theirs to change. */
export async function findOwnJob(db: Database, requester: Requester, jobId: number, purpose: JobPurpose): Promise<JobRecord> {
  const job = await findJob(db, jobId);
  const allowed = purpose === "change" ? canChangeJob : canSeeJob;
  if (!job || !allowed(requester, job)) throw new PrintvaktError("not-found", JOB_NOT_FOUND);
  return job;
}
