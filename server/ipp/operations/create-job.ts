// Create-Job: a job without its document yet (CUPS `lp` submits this way, then Send-Document).
import { sealJobSecrets } from "../../jobs/job-secrets.js";
import { roomFor, usageOf } from "../../jobs/quota.js";
import { newJobKey } from "../../spool/job-key.js";
import { createJob } from "../../store/jobs.js";
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
    const { format, template, unsupported, pinHash, title } = await checkSubmission(request.message, requester.username, context.config, context.db, services.describeQueue);
    await discardBody(request);
    const jobKey = newJobKey();
    const job = await context.db.write(async (tx) => {
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
        },
        (jobId) => sealJobSecrets(context.masterKey, jobId, jobKey, title),
      );
    });
    return okReply([jobCreatedGroup(job, request.baseUri)], unsupported);
  },
};
