// Print-Job: receive the document into the encrypted spool and hold it for its owner.
import { recordHeldJob } from "../../jobs/record-held-job.js";
import { receiveDocument } from "../../jobs/receive-document.js";
import { jobCreatedGroup } from "../job-created-reply.js";
import { okReply, requesterOf, type IppOperationHandler } from "../operation.js";
import { checkReceivedFormat, checkSubmission } from "../submission.js";

export const printJob: IppOperationHandler = {
  name: "Print-Job",
  requester: "person",
  async run(request, services) {
    const requester = requesterOf(request);
    const { context } = services;
    const checked = await checkSubmission(request.message, requester.username, context, services.describeQueue);
    const document = await services.uploads.with(request.peer, () =>
      receiveDocument(services.spool, request.body, { compression: checked.compression, declaredFormat: checked.format, maxBytes: checked.maxBytes }),
    );
    try {
      checkReceivedFormat(document.format, checked.queue);
    } catch (error) {
      await services.spool.removeJob(document.spoolId);
      throw error;
    }
    const submission = { requester, peer: request.peer, operation: "Print-Job", declaredFormat: checked.format, template: checked.template, pinHash: checked.pinHash, title: checked.title, jobUuid: checked.jobUuid };
    // Checked again with the document stored (one that left less than the floor is refused too),
    // while the recording transaction reads its facts: nothing commits before it has passed.
    const roomLeft = context.disk.assertRoomForDocuments();
    // A resend (same job-uuid, or the same document within seconds) is answered with its first job.
    const { job } = await recordHeldJob(context, services.spool, submission, document, roomLeft);
    return okReply([jobCreatedGroup(job, request)], checked.unsupported);
  },
};
