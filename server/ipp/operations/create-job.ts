// Create-Job: a job without its document yet (CUPS `lp` submits this way, then Send-Document).
import { sealJobSecrets } from "../../jobs/job-secrets.js";
import { roomFor } from "../../jobs/quota.js";
import { newJobKey } from "../../spool/job-key.js";
import { writeInSteps } from "../../store/database.js";
import { commitAudit, commitJob, findJobInSteps } from "../../store/held-job-writes.js";
import { recordingFactsInSteps } from "../../store/submission-facts.js";
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
    // Statements written in the store, two messages to the writes thread, as Print-Job's (held-job-writes.ts).
    const job = await writeInSteps(context.db, async (tx) => {
      // A resent Create-Job with the same job-uuid gets its first job (recognised inside this
      // transaction, so concurrent resends find it too). Without job-uuid there is no document yet
      // to recognise it by. The facts are read in the message that begins the transaction.
      const facts = await recordingFactsInSteps(tx, requester.username, { jobUuid, documentDigest: null, since: new Date(Date.now() - DUPLICATE_WINDOW_MS) });
      const first = facts.repeatedJobId === null ? null : await findJobInSteps(tx, facts.repeatedJobId);
      if (first !== null) {
        await commitAudit(tx, facts.lastAudit, repeatedAudit(first, { requester, peer: request.peer, operation: "Create-Job" }, "job-uuid", 0));
        return first;
      }
      // Parallel Create-Jobs each passed the check above; the job count holds here.
      roomFor(context.config, facts.usage, { newJob: true, sizeBytes: 0 });
      const id = facts.nextJobId;
      return commitJob(
        tx,
        id,
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
        // Sealed with the job id as context before the row is written: no reader sees a job without them.
        sealJobSecrets(context.masterKey, id, jobKey, title),
      );
    });
    return okReply([jobCreatedGroup(job, request)], unsupported);
  },
};
