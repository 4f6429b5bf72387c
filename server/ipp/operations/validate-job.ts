// Validate-Job: the same checks as Print-Job, without a document and without creating anything.
import { discardBody, okReply, requesterOf, type IppOperationHandler } from "../operation.js";
import { checkSubmission } from "../submission.js";

export const validateJob: IppOperationHandler = {
  name: "Validate-Job",
  requester: "person",
  async run(request, services) {
    const { context } = services;
    const checked = await checkSubmission(request.message, requesterOf(request).username, context, services.describeQueue);
    await discardBody(request);
    return okReply([], checked.unsupported);
  },
};
