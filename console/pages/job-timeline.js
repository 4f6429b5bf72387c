// One job's life as sentences an auditor can read out ("Sent 14:02 from 10.1.4.22 · Printed at
// Plan 3 14:05 by card …1168 · Deleted"), oldest first, beside the raw entries.
import { el } from "../dom.js";
import { t } from "../i18n.js";
import { evidenceLink, sentence } from "./timeline-sentences.js";

/** The timeline of the entries of one job (any order in), as an ordered list. */
export function jobTimeline(jobId, entries) {
  const ordered = [...entries].sort((a, b) => a.seq - b.seq);
  return el("section", { id: "job-timeline", "aria-labelledby": "job-timeline-heading" }, [
    el("h2", { id: "job-timeline-heading", tabindex: -1 }, [t("timelineHeading", { job: jobId })]),
    el("ol", {}, ordered.map((entry) => el("li", { "data-type": entry.type }, [sentence(entry)]))),
    evidenceLink({ job: String(jobId) }),
  ]);
}
