// Get-Job-Attributes: one of the requester's own jobs; its title only to an owner proven over TLS
// (canSeeJobTitle), and such a read is audited.
import { openJobTitle } from "../../jobs/job-secrets.js";
import { canSeeJobTitle } from "../../policy/jobs.js";
import { jobGroup } from "../../../core/ipp/codec/values.js";
import { jobAttributes } from "../job-attributes.js";
import { findOwnJob, targetJobId } from "../job-target.js";
import { okReply, requesterOf, type IppOperationHandler } from "../operation.js";
import { filterAttributes, requestedAttributes } from "../requested-attributes.js";

export const getJobAttributes: IppOperationHandler = {
  name: "Get-Job-Attributes",
  requester: "person",
  async run(request, services) {
    const requester = requesterOf(request);
    const job = await findOwnJob(services.context.db, requester, targetJobId(request.message), "read");
    const filter = requestedAttributes(request.message, "job", "all");
    const title = filter("job-name") && canSeeJobTitle(requester, job) ? openJobTitle(services.context.masterKey, job) : null;
    const attributes = jobAttributes({ job, title, baseUri: request.baseUri, httpBaseUri: request.httpBaseUri });
    if (title !== null) await services.titleReads.record({ requester, operation: "Get-Job-Attributes", jobId: job.id, titles: 1 });
    return okReply([jobGroup(filterAttributes(attributes, filter))], [], undefined);
  },
};
