// Held jobs: titles masked; an admin may reveal one title or delete a held job, each with a reason
// that is recorded in the audit log. Documents themselves are never available here.
import { post } from "../api.js";
import { ask } from "../dialog.js";
import { announce, el, stateLabel, table } from "../dom.js";
import { formatSize, formatTime } from "../format.js";
import { heldReasonText } from "../held-reasons.js";
import { t } from "../i18n.js";
import { pagedList } from "./pager.js";

const MASK = "••••••••";
/** The other states a job waiting here can be in (server/jobs/job-states.ts LIVE_STATES). */
const STATE_KEYS = { incoming: "jobsStateIncoming", releasing: "jobsStateReleasing", "may-have-printed": "jobsStateMayHavePrinted" };

function titleCell(job, canManage, message) {
  const cell = el("td", {}, [el("span", { class: "masked", "aria-label": t("jobsTitleHidden") }, [MASK])]);
  if (!canManage) return cell;
  const reveal = el("button", { type: "button", class: "button secondary small", "data-action": "reveal" }, [t("jobsShowTitle")]);
  reveal.addEventListener("click", async () => {
    const reason = await ask({ heading: t("jobsShowTitleHeading", { id: job.id }), text: t("jobsShowTitleText"), reasonLabel: t("reason"), confirm: t("jobsShowTitle") });
    if (!reason) return;
    try {
      const { title } = await post(`/api/jobs/${job.id}/title`, { reason });
      // textContent: a title is whatever the sender's application called the document.
      cell.replaceChildren(el("span", { class: "revealed", "data-title": true }, [title]), " ", el("small", {}, [t("jobsTitleShownNote")]));
      announce(t("jobsTitleShown"));
    } catch (error) {
      message.textContent = error.message;
    }
  });
  cell.append(" ", reveal);
  return cell;
}

/** The job's state, and why it was held back when something did (in the admin's language). */
function stateCell(job) {
  const label = job.state === "held" ? stateLabel("ok", "■", t(job.needsPin ? "jobsStateHeldPin" : "jobsStateHeld")) : stateLabel("warn", "↻", STATE_KEYS[job.state] ? t(STATE_KEYS[job.state]) : job.state);
  const reason = heldReasonText(job.stateReasonCode);
  return reason === "" ? label : el("span", {}, [label, el("br"), el("small", { class: "held-reason", "data-reason-code": job.stateReasonCode }, [reason])]);
}

function actions(job, canManage, message, refresh) {
  if (!canManage) return "—";
  const remove = el("button", { type: "button", class: "button danger small", "data-action": "delete", disabled: job.state !== "held" }, [t("delete")]);
  remove.addEventListener("click", async () => {
    const reason = await ask({ heading: t("jobsDeleteHeading", { id: job.id, owner: job.owner }), text: t("jobsDeleteText"), reasonLabel: t("reason"), confirm: t("jobsDeleteConfirm") });
    if (!reason) return;
    try {
      await post(`/api/jobs/${job.id}/delete`, { reason });
      announce(t("jobsDeleted", { id: job.id }));
      refresh();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return remove;
}

export async function render(container, context) {
  const message = el("p", { class: "message", role: "alert" });
  const intro = el("p", { id: "jobs-intro" });
  container.append(el("h1", {}, [t("navJobs")]), intro, message);
  const rowOf = (job) => [
    String(job.id),
    job.owner,
    titleCell(job, context.canManage, message),
    formatTime(job.submittedAt),
    formatTime(job.expiresAt),
    formatSize(job.sizeBytes),
    job.pages === null ? "—" : String(job.pages),
    String(job.copies),
    stateCell(job),
    actions(job, context.canManage, message, context.refresh),
  ];
  const headings = [t("colJob"), t("colOwner"), t("colTitle"), t("colSubmitted"), t("colDestroyedAfter"), t("colSize"), t("colPages"), t("colCopies"), t("state"), t("actions")];
  // 100,000 held jobs: newest first, a page at a time, searched by job number or owner.
  const list = pagedList({
    id: "held-jobs",
    path: "/api/held-jobs",
    searchLabel: t("jobsSearchLabel"),
    searchHint: t("jobsSearchHint"),
    itemsOf: (page) => page.jobs,
    table: (jobs) => table(headings, jobs.map(rowOf), t("navJobs")),
    empty: t("jobsEmpty"),
    // The intro counts every held job, not the ones a search found.
    onTotal: (total) => {
      if (intro.textContent === "") intro.textContent = t("jobsIntro", { count: total });
    },
  });
  container.append(list.element);
  await list.load();
}
