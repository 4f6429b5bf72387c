// Validate-Job: the same checks as Print-Job, without a document and without creating anything.
import { parseJobTemplate } from "../job-template.js";
import { discardBody, okReply, requesterOf, type IppOperationHandler } from "../operation.js";
import { compressionOf, declaredFormat, jobPasswordHash, remainingQuota } from "../submission.js";

export const validateJob: IppOperationHandler = {
  name: "Validate-Job",
  requester: "person",
  async run(request, services) {
    const requester = requesterOf(request);
    const queue = await services.describeQueue();
    declaredFormat(request.message, queue);
    compressionOf(request.message);
    const { unsupported } = parseJobTemplate(request.message, queue);
    await jobPasswordHash(request.message);
    await remainingQuota(services.context.config, services.context.db, requester.username);
    await discardBody(request);
    return okReply([], unsupported);
  },
};
