// Stores a received document as a held job and audits the submission, in one transaction that
// checks the quota again. If that fails, the spool file goes too: no document without its job, no
// job without its entry.
import { keyedHash } from "../audit/keyed-hash.js";
import type { AppContext } from "../app-context.js";
import type { Requester } from "../policy/requester.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { appendAudit } from "../store/audit-log.js";
import { createJob, type JobRecord } from "../store/jobs.js";
import { sealJobSecrets } from "./job-secrets.js";
import { roomFor, usageOf } from "./quota.js";
import type { ReceivedDocument } from "./receive-document.js";

export interface Submission {
  requester: Requester;
  peer: string;
  operation: string;
  declaredFormat: string;
  template: Record<string, unknown>;
  pinHash: string | null;
  title: string;
}

export function submissionAudit(context: AppContext, submission: Submission, document: { format: string; sizeBytes: number }, copies: number | undefined) {
  return {
    type: "job.submitted",
    actor: `user:${submission.requester.username}`,
    details: {
      identifiedBy: submission.requester.identifiedBy,
      peer: submission.peer,
      operation: submission.operation,
      documentFormat: document.format,
      sizeBytes: document.sizeBytes,
      copies: copies ?? 1,
      titleHash: keyedHash(context.auditHashKey, submission.title),
    },
  };
}

export async function recordHeldJob(context: AppContext, spool: SpoolStore, submission: Submission, document: ReceivedDocument): Promise<JobRecord> {
  try {
    return await context.db.write(async (tx) => {
      // Parallel uploads each passed the check before theirs began; this one sees them all.
      roomFor(context.config, await usageOf(tx, submission.requester.username), { newJob: true, sizeBytes: document.sizeBytes });
      const job = await createJob(
        tx,
        {
          ownerName: submission.requester.username,
          ownerIdentifiedBy: submission.requester.identifiedBy,
          sourceAddress: submission.peer,
          state: "held",
          documentFormat: submission.declaredFormat,
          sniffedFormat: document.format,
          sizeBytes: document.sizeBytes,
          template: submission.template,
          masterKeyId: context.masterKey.id,
          spoolId: document.spoolId,
          pinHash: submission.pinHash,
          expiresAt: new Date(Date.now() + context.config.holdTimeMs),
        },
        (jobId) => sealJobSecrets(context.masterKey, jobId, document.jobKey, submission.title),
      );
      await appendAudit(tx, { ...submissionAudit(context, submission, document, submission.template.copies as number | undefined), subject: `job:${job.id}` });
      return job;
    });
  } catch (error) {
    await spool.removeJob(document.spoolId);
    throw error;
  }
}
