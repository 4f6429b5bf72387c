// Get-Jobs: the requester's own jobs only — other people's jobs do not exist for them. Titles go
// only to an owner proven over TLS (canSeeJobTitle), and such a listing is audited; everyone else
// reads "Job N".
import { PrintvaktError } from "../../../core/errors.js";
import { openJobTitle } from "../../jobs/job-secrets.js";
import { LIVE_STATES, TERMINAL_STATES } from "../../jobs/job-states.js";
import { canSeeJobTitle } from "../../policy/jobs.js";
import { listJobsOfOwner } from "../../store/jobs.js";
import { firstInteger, firstString } from "../../../core/ipp/codec/accessors.js";
import { GroupTag } from "../../../core/ipp/codec/tags.js";
import { jobGroup } from "../../../core/ipp/codec/values.js";
import { jobAttributes } from "../job-attributes.js";
import { okReply, requesterOf, type IppOperationHandler } from "../operation.js";
import { filterAttributes, requestedAttributes } from "../requested-attributes.js";

const WHICH_JOBS = {
  "not-completed": LIVE_STATES,
  completed: TERMINAL_STATES,
  all: [...LIVE_STATES, ...TERMINAL_STATES],
} as const;

export const getJobs: IppOperationHandler = {
  name: "Get-Jobs",
  requester: "optional-person",
  async run(request, services) {
    // Without a user name nobody is asking about their own jobs: an empty list, never others' jobs.
    if (!request.requester) return okReply([]);
    const requester = requesterOf(request);
    const which = firstString(request.message, GroupTag.operation, "which-jobs") ?? "not-completed";
    if (!Object.hasOwn(WHICH_JOBS, which)) throw new PrintvaktError("unsupported", `which-jobs ${which} is not supported`);
    const limit = firstInteger(request.message, GroupTag.operation, "limit");
    if (limit !== undefined && limit < 1) throw new PrintvaktError("bad-request", "limit must be 1 or more");
    const filter = requestedAttributes(request.message, "job", ["job-id", "job-uri"]);
    const jobs = await listJobsOfOwner(services.context.db, requester.username, WHICH_JOBS[which as keyof typeof WHICH_JOBS], Math.min(limit ?? 1_000, 1_000));
    const titleOf = (job: (typeof jobs)[number]) => (filter("job-name") && canSeeJobTitle(requester, job) ? openJobTitle(services.context.masterKey, job) : null);
    // Newest first, as cupsd lists them.
    const views = jobs.reverse().map((job) => ({ job, title: titleOf(job) }));
    const titles = views.filter((view) => view.title !== null).length;
    if (titles > 0) await services.titleReads.record({ requester, operation: "Get-Jobs", jobId: null, titles });
    const groups = views.map(({ job, title }) => jobGroup(filterAttributes(jobAttributes({ job, title, baseUri: request.baseUri, httpBaseUri: request.httpBaseUri, path: request.path }), filter)));
    return okReply(groups);
  },
};
