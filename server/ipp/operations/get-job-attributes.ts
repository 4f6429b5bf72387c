// Get-Job-Attributes: one of the requester's own jobs; its title only to an owner proven over TLS
// (canSeeJobTitle), and such a read is audited. Without requesting-user-name the requester is
// anonymous (RFC 8011 §9.3, review F15), who owns no job: every job answers as missing.
import { openJobTitle } from "../../jobs/job-secrets.js";
import { canSeeJobTitle } from "../../policy/jobs.js";
import { jobGroup } from "../../../core/ipp/codec/values.js";
import { jobAttributes } from "../job-attributes.js";
import { PrintvaktError } from "../../../core/errors.js";
import { findOwnJob, JOB_NOT_FOUND, targetJobId } from "../job-target.js";
import { okReply, requesterOf, type IppOperationHandler } from "../operation.js";
import { filterAttributes, requestedAttributes } from "../requested-attributes.js";

export const getJobAttributes: IppOperationHandler = {
  name: "Get-Job-Attributes",
  requester: "optional-person",
  async run(request, services) {
    const jobId = targetJobId(request.message);
    if (request.requester === null) throw new PrintvaktError("not-found", JOB_NOT_FOUND);
    const requester = requesterOf(request);
    const job = await findOwnJob(services.context.db, requester, jobId, "read");
    const filter = requestedAttributes(request.message, "job", "all");
    const title = filter("job-name") && canSeeJobTitle(requester, job) ? openJobTitle(services.context.masterKey, job) : null;
    const attributes = jobAttributes({ job, title, baseUri: request.baseUri, httpBaseUri: request.httpBaseUri, path: request.path });
    if (title !== null) await services.titleReads.record({ requester, operation: "Get-Job-Attributes", jobId: job.id, titles: 1 });
    return okReply([jobGroup(filterAttributes(attributes, filter))], [], undefined);
  },
};
