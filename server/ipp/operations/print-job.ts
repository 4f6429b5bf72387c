// Print-Job: receive the document into the encrypted spool and hold it for its owner.
import { recordHeldJob } from "../../jobs/record-held-job.js";
import { receiveDocument } from "../../jobs/receive-document.js";
import { jobCreatedGroup } from "../job-created-reply.js";
import { parseJobTemplate } from "../job-template.js";
import { okReply, requesterOf, type IppOperationHandler } from "../operation.js";
import { checkReceivedFormat, compressionOf, declaredFormat, jobPasswordHash, remainingQuota, titleOf, withUploadSlot } from "../submission.js";

export const printJob: IppOperationHandler = {
  name: "Print-Job",
  requester: "person",
  async run(request, services) {
    const requester = requesterOf(request);
    const { context } = services;
    const queue = await services.describeQueue();
    const format = declaredFormat(request.message, queue);
    const compression = compressionOf(request.message);
    const { template, unsupported } = parseJobTemplate(request.message, queue);
    const pinHash = await jobPasswordHash(request.message);
    const maxBytes = await remainingQuota(context.config, context.db, requester.username);
    const title = titleOf(request.message, "Untitled");
    const document = await withUploadSlot(services.uploads, context.config.maxUploads, () =>
      receiveDocument(services.spool, request.body, { compression, declaredFormat: format, maxBytes }),
    );
    try {
      checkReceivedFormat(document.format, queue);
    } catch (error) {
      await services.spool.removeJob(document.spoolId);
      throw error;
    }
    const job = await recordHeldJob(context, services.spool, { requester, peer: request.peer, operation: "Print-Job", declaredFormat: format, template, pinHash, title }, document);
    return okReply([jobCreatedGroup(job, request.baseUri)], unsupported);
  },
};
