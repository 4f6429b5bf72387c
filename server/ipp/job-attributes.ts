// A job as IPP job attributes. Only the owner ever sees a job (others get "not found"). The title
// is null, and job-name reads "Job N", when the requester may not see it (policy/jobs.ts
// canSeeJobTitle) or the job's key is destroyed.
import { ippJobState, ippJobStateMessage, ippJobStateReasons } from "../jobs/job-states.js";
import type { JobRecord } from "../store/jobs.js";
import { mediaSizeCollection } from "./media-attributes.js";
import { attr, collection, dateTime, enumValue, integer, keyword, mimeMediaType, name, noValue, range, resolution, text, uri } from "../../core/ipp/codec/values.js";
import type { IppAttribute } from "../../core/ipp/codec/types.js";
import type { JobTemplate } from "./job-template.js";

export interface JobView {
  job: JobRecord;
  title: string | null;
  baseUri: string;
  httpBaseUri: string;
  /** The path the request came on: it decides which of the queue's names the URIs use. */
  path: string;
}

/**
 * time-at-* and printer-up-time count on one clock. Like cupsd we use seconds since 1970 rather
 * than since start: `lpstat -o` prints time-at-creation as a date, and jobs outlive restarts.
 */
export function clockSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/** Where a client reached the queue: its scheme and host, and the request path. */
export interface QueueAddress {
  baseUri: string;
  path: string;
}

/**
 * CUPS tools name a job's queue after the last segment of its job-printer-uri (lpstat prints
 * "secure-231", `lpstat -o secure` matches on it) and post job operations to /jobs/ (review F12).
 * So a client that came the CUPS way (/printers/secure, /jobs, /, /admin) is answered with the
 * queue's CUPS name; one that came to /ipp/print (ipptool, IPP Everywhere clients) with that.
 */
function cupsStyle(path: string): boolean {
  return !path.startsWith("/ipp/");
}

export function jobPrinterUri(address: QueueAddress): string {
  return cupsStyle(address.path) ? `${address.baseUri}/printers/secure` : `${address.baseUri}/ipp/print`;
}

export function jobUri(address: QueueAddress, jobId: number): string {
  return cupsStyle(address.path) ? `${address.baseUri}/jobs/${jobId}` : `${address.baseUri}/ipp/print/${jobId}`;
}

export function jobAttributes(view: JobView): IppAttribute[] {
  const { job } = view;
  const template = job.template as JobTemplate;
  const completedAt = job.releasedAt ?? job.destroyedAt;
  const timeAtCompleted = completedAt ? clockSeconds(completedAt) : undefined;
  const processingAt = job.state === "releasing" || job.state === "released" ? (job.releasedAt ?? new Date()) : null;
  const timeAtProcessing = processingAt ? clockSeconds(processingAt) : undefined;
  const attributes: IppAttribute[] = [
    attr("job-id", integer(job.id)),
    attr("job-uri", uri(jobUri(view, job.id))),
    attr("job-printer-uri", uri(jobPrinterUri(view))),
    attr("job-more-info", uri(`${view.httpBaseUri}/kiosk`)),
    attr("job-name", name(view.title ?? `Job ${job.id}`)),
    attr("job-originating-user-name", name(job.ownerName)),
    attr("job-state", enumValue(ippJobState(job.state))),
    attr("job-state-reasons", ...ippJobStateReasons(job.state).map(keyword)),
    attr("job-state-message", text(job.stateReason || ippJobStateMessage(job.state))),
    attr("job-printer-up-time", integer(clockSeconds(new Date()))),
    attr("time-at-creation", integer(clockSeconds(job.submittedAt))),
    attr("time-at-processing", timeAtProcessing === undefined ? noValue() : integer(timeAtProcessing)),
    attr("time-at-completed", timeAtCompleted === undefined ? noValue() : integer(timeAtCompleted)),
    attr("date-time-at-creation", dateTime(job.submittedAt)),
    attr("date-time-at-processing", processingAt ? dateTime(processingAt) : noValue()),
    attr("date-time-at-completed", completedAt ? dateTime(completedAt) : noValue()),
    attr("number-of-documents", integer(job.spoolId || job.destroyedAt ? 1 : 0)),
    attr("number-of-intervening-jobs", integer(0)),
    attr("job-k-octets", integer(Math.ceil(job.sizeBytes / 1024))),
    attr("job-k-octets-processed", integer(job.state === "released" ? Math.ceil(job.sizeBytes / 1024) : 0)),
    attr("job-impressions", job.pages === null ? noValue() : integer(job.pages)),
    attr("job-impressions-completed", integer(0)),
    attr("job-media-sheets-completed", integer(0)),
    attr("document-format", mimeMediaType(job.sniffedFormat ?? job.documentFormat)),
    attr("document-format-supplied", mimeMediaType(job.documentFormat)),
    attr("job-hold-until", keyword(job.state === "held" || job.state === "incoming" ? "indefinite" : "no-hold")),
    attr("job-priority", integer(50)),
    attr("job-sheets", keyword("none")),
    attr("copies", integer(template.copies ?? 1)),
    attr("sides", keyword(template.sides ?? "one-sided")),
    attr("number-up", integer(template["number-up"] ?? 1)),
    attr("finishings", enumValue(3)),
    attr("multiple-document-handling", keyword(template["multiple-document-handling"] ?? "separate-documents-collated-copies")),
  ];
  if (template["output-bin"]) attributes.push(attr("output-bin", keyword(template["output-bin"])));
  if (template["print-scaling"]) attributes.push(attr("print-scaling", keyword(template["print-scaling"])));
  if (template["printer-resolution"]) attributes.push(attr("printer-resolution", resolution(template["printer-resolution"].x, template["printer-resolution"].y, template["printer-resolution"].units as 3 | 4)));
  if (template.media) attributes.push(attr("media", keyword(template.media)));
  if (template["media-size"]) attributes.push(attr("media-col", collection([attr("media-size", mediaSizeCollection(template["media-size"])), ...(template.media ? [attr("media-size-name", keyword(template.media))] : [])])));
  if (template["print-color-mode"]) attributes.push(attr("print-color-mode", keyword(template["print-color-mode"])));
  if (template["print-quality"]) attributes.push(attr("print-quality", enumValue(template["print-quality"])));
  if (template["orientation-requested"]) attributes.push(attr("orientation-requested", enumValue(template["orientation-requested"])));
  if (template["page-ranges"]) attributes.push(attr("page-ranges", ...template["page-ranges"].map(([lower, upper]) => range(lower, upper))));
  if (job.pinHash) attributes.push(attr("job-release-action", keyword("job-password")));
  return attributes;
}
