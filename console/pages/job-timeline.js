// One job's life as sentences an auditor can read out ("Sent 14:02 from 10.1.4.22 · Printed at
// Plan 3 14:05 · Deleted"), oldest first, beside the raw entries. Only what the entries say: the
// details are data (printer, kiosk, address), the words come from the string tables.
import { el } from "../dom.js";
import { formatTime } from "../format.js";
import { t } from "../i18n.js";

/** Event type → string key; each string takes {time} and the details it names. */
const SENTENCES = {
  "job.submitted": "timelineSubmitted",
  "job.duplicate": "timelineDuplicate",
  "job.released": "timelineReleased",
  "job.release-failed": "timelineReleaseFailed",
  "job.release-unknown": "timelineReleaseUnknown",
  "job.release-not-sent": "timelineReleaseNotSent",
  "job.deleted": "timelineDeleted",
  "job.cancelled": "timelineCancelled",
  "job.purged": "timelinePurged",
  "job.document-refused": "timelineRefused",
  "job.title-revealed": "timelineTitleRevealed",
};

function sentence(entry) {
  const key = SENTENCES[entry.type];
  const details = entry.details ?? {};
  const text = (name) => (typeof details[name] === "string" && details[name] !== "" ? details[name] : "?");
  if (!key) return t("timelineOther", { type: entry.type, time: formatTime(entry.at) });
  return t(key, { time: formatTime(entry.at), peer: text("peer"), printer: text("printer"), kiosk: text("kiosk"), reason: text("reason") });
}

/** The timeline of the entries of one job (any order in), as an ordered list. */
export function jobTimeline(jobId, entries) {
  const ordered = [...entries].sort((a, b) => a.seq - b.seq);
  return el("section", { id: "job-timeline", "aria-labelledby": "job-timeline-heading" }, [
    el("h2", { id: "job-timeline-heading" }, [t("timelineHeading", { job: jobId })]),
    el("ol", {}, ordered.map((entry) => el("li", { "data-type": entry.type }, [sentence(entry)]))),
  ]);
}
