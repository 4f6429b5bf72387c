// Stores a received document as a held job and audits the submission, in one transaction that
// checks the quota again. If that fails, the spool file goes too: no document without its job, no
// job without its entry (unless the failure leaves unknown whether the job was recorded).
import { keyedHash } from "../audit/keyed-hash.js";
import type { AppContext } from "../app-context.js";
import type { Requester } from "../policy/requester.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { isCommitOutcomeUnknown } from "../store/commit-outcome.js";
import { writeInSteps } from "../store/database.js";
import { commitAudit, commitJobWithAudit, findJobInSteps } from "../store/held-job-writes.js";
import type { JobRecord } from "../store/jobs.js";
import { recordingFactsInSteps } from "../store/submission-facts.js";
import { sealJobSecrets } from "./job-secrets.js";
import { roomFor } from "./quota.js";
import type { ReceivedDocument } from "./receive-document.js";
import { documentDigest, DUPLICATE_WINDOW_MS, repeatedAudit } from "./repeated-submission.js";

export interface Submission {
  requester: Requester;
  peer: string;
  operation: string;
  declaredFormat: string;
  template: Record<string, unknown>;
  pinHash: string | null;
  title: string;
  /** The client's job-uuid (repeated-submission.ts), or null. */
  jobUuid: string | null;
}

export function submissionAudit(context: AppContext, submission: Omit<Submission, "jobUuid">, document: { format: string; sizeBytes: number; pages?: number | null }, copies: number | undefined) {
  return {
    type: "job.submitted",
    actor: `user:${submission.requester.username}`,
    details: {
      identifiedBy: submission.requester.identifiedBy,
      peer: submission.peer,
      operation: submission.operation,
      documentFormat: document.format,
      sizeBytes: document.sizeBytes,
      // "pages, when known": counted in the document as it arrived, left out when its format tells none.
      ...(document.pages == null ? {} : { pages: document.pages }),
      copies: copies ?? 1,
      titleHash: keyedHash(context.auditHashKey, submission.title),
    },
  };
}

/**
 * Records the job, or, when the submission repeats one already recorded (same job-uuid, or the same
 * document within the window), records nothing, audits job.duplicate, removes this upload's file and
 * returns the first job with `repeated`. The check runs inside the recording transaction: writes
 * queue one behind the other (and SQLite takes its write lock before the read), so of any number of
 * identical requests at once the first records the job and every other one finds it.
 * `passed`: a check that must pass before anything commits (the disk's room, asked while the
 * transaction begins); if it fails, nothing is recorded and the spool file goes, as when recording fails.
 */
export async function recordHeldJob(context: AppContext, spool: SpoolStore, submission: Submission, document: ReceivedDocument, passed: Promise<void> = Promise.resolve()): Promise<{ job: JobRecord; repeated: boolean }> {
  passed.catch(() => undefined); // taken inside the transaction; a failure before then is not unhandled
  const digest = documentDigest(context.auditHashKey, document.sha256, { title: submission.title, template: submission.template, hasPin: submission.pinHash !== null });
  let recorded: { job: JobRecord; repeated: boolean };
  try {
    // Statements written in the store, two messages to the writes thread (held-job-writes.ts).
    recorded = await writeInSteps(context.db, async (tx) => {
      const owner = submission.requester.username;
      // One statement for the repeat check, the quota's usage, the audit chain's end and the new job's id,
      // in the message that begins the transaction: read under the write lock.
      const facts = await recordingFactsInSteps(tx, owner, { jobUuid: submission.jobUuid, documentDigest: digest, since: new Date(Date.now() - DUPLICATE_WINDOW_MS) });
      await passed;
      const first = facts.repeatedJobId === null ? null : await findJobInSteps(tx, facts.repeatedJobId);
      if (first !== null) {
        const matchedBy = submission.jobUuid !== null && first.jobUuid === submission.jobUuid ? "job-uuid" : "document";
        await commitAudit(tx, facts.lastAudit, repeatedAudit(first, submission, matchedBy, document.sizeBytes));
        return { job: first, repeated: true };
      }
      // Parallel uploads each passed the check before theirs began; this one sees them all.
      roomFor(context.config, facts.usage, { newJob: true, sizeBytes: document.sizeBytes });
      const id = facts.nextJobId;
      const { job } = await commitJobWithAudit(
        tx,
        id,
        {
          ownerName: submission.requester.username,
          ownerIdentifiedBy: submission.requester.identifiedBy,
          sourceAddress: submission.peer,
          state: "held",
          documentFormat: submission.declaredFormat,
          sniffedFormat: document.format,
          sizeBytes: document.sizeBytes,
          pages: document.pages,
          template: submission.template,
          masterKeyId: context.masterKey.id,
          spoolId: document.spoolId,
          pinHash: submission.pinHash,
          expiresAt: new Date(Date.now() + context.config.holdTimeMs),
          holdDueHeldMs: context.heldTime.dueAfter(context.config.holdTimeMs),
          jobUuid: submission.jobUuid,
          documentDigest: digest,
        },
        // Sealed with the job id as context before the row is written: no reader sees a job without them.
        sealJobSecrets(context.masterKey, id, document.jobKey, submission.title),
        facts.lastAudit,
        { ...submissionAudit(context, submission, document, submission.template.copies as number | undefined), subject: `job:${id}` },
      );
      return { job, repeated: false };
    });
  } catch (error) {
    // A commit whose outcome is unknown may have recorded the job: its document stays for the
    // next start, which keeps it if the job is there and removes it if not (commit-outcome.ts).
    if (!isCommitOutcomeUnknown(error)) await spool.removeJob(document.spoolId);
    throw error;
  }
  // The repeat's own copy of the document belongs to no job.
  if (recorded.repeated) await spool.removeJob(document.spoolId);
  return recorded;
}
