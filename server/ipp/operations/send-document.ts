// Send-Document: the document of a job made by Create-Job. One document per job.
import { PrintvaktError, toPrintvaktError } from "../../../core/errors.js";
import { openJobKey, openJobTitle } from "../../jobs/job-secrets.js";
import { submissionAudit } from "../../jobs/record-held-job.js";
import { roomFor, usageOf } from "../../jobs/quota.js";
import { receiveDocument, type ReceivedDocument } from "../../jobs/receive-document.js";
import { abortForRefusedDocument, refusesDocument } from "../../jobs/refuse-document.js";
import type { Requester } from "../../policy/requester.js";
import type { IppServices } from "../ipp-services.js";
import { appendAudit } from "../../store/audit-log.js";
import { isCommitOutcomeUnknown } from "../../store/commit-outcome.js";
import { findJob, moveJob } from "../../store/jobs.js";
import { firstBoolean, firstString } from "../../../core/ipp/codec/accessors.js";
import { GroupTag } from "../../../core/ipp/codec/tags.js";
import { jobCreatedGroup } from "../job-created-reply.js";
import { findOwnJob, JOB_NOT_FOUND, targetJobId } from "../job-target.js";
import { okReply, requesterOf, type IppOperationHandler } from "../operation.js";
import { checkReceivedFormat, compressionOf, declaredFormat, remainingRoom } from "../submission.js";
import { unknownOwnerAllowance } from "../unknown-owner.js";

export const sendDocument: IppOperationHandler = {
  name: "Send-Document",
  requester: "person",
  async run(request, services) {
    const requester = requesterOf(request);
    const { context } = services;
    const job = await findOwnJob(context.db, requester, targetJobId(request.message), "change");
    if (firstBoolean(request.message, GroupTag.operation, "last-document") === undefined) {
      throw new PrintvaktError("bad-request", "last-document is required");
    }
    if (job.state !== "incoming") {
      // An empty closing Send-Document after the document is harmless; a second document is not.
      const leftover = await countBody(request);
      if (job.state === "held" && leftover === 0) return okReply([jobCreatedGroup(job, request)]);
      throw new PrintvaktError("multiple-documents", "this job already has its document");
    }
    const queue = await services.describeQueue();
    const jobKey = openJobKey(context.masterKey, job);
    if (!jobKey) throw new PrintvaktError("not-found", JOB_NOT_FOUND);
    let format = job.documentFormat;
    let document: ReceivedDocument | undefined;
    try {
      if (firstString(request.message, GroupTag.operation, "document-format") !== undefined) format = declaredFormat(request.message, queue);
      const compression = compressionOf(request.message);
      // The job itself is counted already (with no bytes yet): only bytes and spool room matter.
      const maxBytes = await remainingRoom(context, requester.username, { newJob: false });
      const allowance = Math.min(maxBytes, await unknownOwnerAllowance(context.config, context.db, requester.username, "document"));
      document = await services.uploads.with(request.peer, () =>
        receiveDocument(services.spool, request.body, { compression, declaredFormat: format, maxBytes: allowance, jobKey }),
      );
      checkReceivedFormat(document.format, queue);
    } catch (caught) {
      if (document) await services.spool.removeJob(document.spoolId);
      await abortOnRefusal(services, job.id, requester, request.peer, caught);
      throw caught;
    }
    try {
      // Checked again with the document stored: one that left less than the floor is refused too.
      await context.disk.assertRoomForDocuments();
      const title = openJobTitle(context.masterKey, job) ?? "Untitled";
      const held = await context.db.write(async (tx) => {
        // Other documents of this person may have been recorded while this one arrived.
        roomFor(context.config, await usageOf(tx, requester.username), { newJob: false, sizeBytes: document.sizeBytes });
        const moved = await moveJob(tx, job.id, "incoming", "held", {
          spoolId: document.spoolId,
          sizeBytes: document.sizeBytes,
          pages: document.pages,
          documentFormat: format,
          sniffedFormat: document.format,
          expiresAt: new Date(Date.now() + context.config.holdTimeMs),
          holdDueHeldMs: context.heldTime.dueAfter(context.config.holdTimeMs),
        });
        if (!moved) throw new PrintvaktError("not-found", JOB_NOT_FOUND);
        const submission = { requester, peer: request.peer, operation: "Send-Document", declaredFormat: format, template: job.template, pinHash: job.pinHash, title };
        await appendAudit(tx, { ...submissionAudit(context, submission, document, job.template.copies as number | undefined), subject: `job:${job.id}` });
        return (await findJob(tx, job.id))!;
      });
      return okReply([jobCreatedGroup(held, request)]);
    } catch (error) {
      // Unless the document may be recorded as the job's (server/store/commit-outcome.ts).
      if (!isCommitOutcomeUnknown(error)) await services.spool.removeJob(document.spoolId);
      throw error;
    }
  },
};

/** A refused document aborts its job (review F5); then the refusal is answered as it is. */
async function abortOnRefusal(services: IppServices, jobId: number, requester: Requester, peer: string, caught: unknown): Promise<void> {
  const error = toPrintvaktError(caught);
  if (!refusesDocument(error)) return;
  await abortForRefusedDocument({ db: services.context.db, spool: services.spool, logger: services.logger }, { jobId, requester, peer, operation: "Send-Document", error });
}

async function countBody(request: Parameters<IppOperationHandler["run"]>[0]): Promise<number> {
  let total = 0;
  for await (const chunk of request.body) total += (chunk as Buffer).length;
  return total;
}

