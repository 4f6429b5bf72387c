// The job group Print-Job and Create-Job answer with.
import { ippJobState, ippJobStateReasons } from "../jobs/job-states.js";
import type { JobRecord } from "../store/jobs.js";
import { attr, enumValue, integer, jobGroup, keyword, text, uri } from "../../core/ipp/codec/values.js";
import type { IppGroup } from "../../core/ipp/codec/types.js";
import { jobUri, type QueueAddress } from "./job-attributes.js";

export function jobCreatedGroup(job: JobRecord, address: QueueAddress): IppGroup {
  return jobGroup([
    attr("job-id", integer(job.id)),
    attr("job-uri", uri(jobUri(address, job.id))),
    attr("job-state", enumValue(ippJobState(job.state))),
    attr("job-state-reasons", ...ippJobStateReasons(job.state).map(keyword)),
    attr("job-state-message", text(job.state === "held" ? "Held: badge at any printer's kiosk to print" : "Waiting for the document")),
  ]);
}
