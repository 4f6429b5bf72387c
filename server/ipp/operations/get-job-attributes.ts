// Get-Job-Attributes: one of the requester's own jobs.
import { openJobTitle } from "../../jobs/job-secrets.js";
import { jobGroup } from "../../../core/ipp/codec/values.js";
import { jobAttributes } from "../job-attributes.js";
import { findOwnJob, targetJobId } from "../job-target.js";
import { okReply, requesterOf, type IppOperationHandler } from "../operation.js";
import { filterAttributes, requestedAttributes } from "../requested-attributes.js";

export const getJobAttributes: IppOperationHandler = {
  name: "Get-Job-Attributes",
  requester: "person",
  async run(request, services) {
    const job = await findOwnJob(services.context.db, requesterOf(request), targetJobId(request.message));
    const filter = requestedAttributes(request.message, "job", "all");
    const title = openJobTitle(services.context.masterKey, job);
    const attributes = jobAttributes({ job, title, baseUri: request.baseUri, httpBaseUri: request.httpBaseUri });
    return okReply([jobGroup(filterAttributes(attributes, filter))], [], undefined);
  },
};
