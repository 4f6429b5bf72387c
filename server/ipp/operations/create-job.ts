// Create-Job: a job without its document yet (CUPS `lp` submits this way, then Send-Document).
import { sealJobSecrets } from "../../jobs/job-secrets.js";
import { roomFor, usageOf } from "../../jobs/quota.js";
import { newJobKey } from "../../spool/job-key.js";
import { appendAudit } from "../../store/audit-log.js";
import { createJob, findRepeatedJob } from "../../store/jobs.js";
import { DUPLICATE_WINDOW_MS, repeatedAudit } from "../../jobs/repeated-submission.js";
import { jobCreatedGroup } from "../job-created-reply.js";
import { discardBody, okReply, requesterOf, type IppOperationHandler } from "../operation.js";
import { checkSubmission } from "../submission.js";

/** A job whose document does not follow within this time is purged (multiple-operation-time-out). */
export const DOCUMENT_WAIT_MS = 300_000;

export const createJobOperation: IppOperationHandler = {
  name: "Create-Job",
  requester: "person",
  async run(request, services) {
    const requester = requesterOf(request);
    const { context } = services;
    const { format, template, unsupported, pinHash, title, jobUuid } = await checkSubmission(request.message, requester.username, context, services.describeQueue);
    await discardBody(request);
    const jobKey = newJobKey();
    const job = await context.db.write(async (tx) => {
      // A resent Create-Job with the same job-uuid gets its first job (recognised inside this
      // transaction, so concurrent resends find it too). Without job-uuid there is no document yet
      // to recognise it by.
      if (jobUuid !== null) {
        const first = await findRepeatedJob(tx, requester.username, { jobUuid, documentDigest: null, since: new Date(Date.now() - DUPLICATE_WINDOW_MS) });
        if (first !== null) {
          await appendAudit(tx, repeatedAudit(first, { requester, peer: request.peer, operation: "Create-Job" }, "job-uuid", 0));
          return first;
        }
      }
      // Parallel Create-Jobs each passed the check above; the job count holds here.
      roomFor(context.config, await usageOf(tx, requester.username), { newJob: true, sizeBytes: 0 });
      return createJob(
        tx,
        {
          ownerName: requester.username,
          ownerIdentifiedBy: requester.identifiedBy,
          sourceAddress: request.peer,
          state: "incoming",
          documentFormat: format,
          sizeBytes: 0,
          template,
          masterKeyId: context.masterKey.id,
          spoolId: null,
          pinHash,
          expiresAt: new Date(Date.now() + DOCUMENT_WAIT_MS),
          holdDueHeldMs: context.heldTime.dueAfter(DOCUMENT_WAIT_MS),
          jobUuid,
        },
        (jobId) => sealJobSecrets(context.masterKey, jobId, jobKey, title),
      );
    });
    return okReply([jobCreatedGroup(job, request)], unsupported);
  },
};
