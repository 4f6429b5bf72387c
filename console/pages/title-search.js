// Finding jobs by document title, for an incident: an exact title and a reason, both required.
// The server records the search (only a keyed hash of the title, and the reason) before it
// answers; each job found opens its timeline.
import { post } from "../api.js";
import { announce, el } from "../dom.js";
import { formatTime } from "../format.js";
import { t } from "../i18n.js";

/** A job's state now in words (server/jobs/job-states.ts); null: the job's row is gone. */
const STATE_KEYS = { held: "jobsStateHeld", incoming: "jobsStateIncoming", releasing: "jobsStateReleasing", "may-have-printed": "jobsStateMayHavePrinted", released: "jobStateReleased", deleted: "jobStateDeleted", purged: "jobStatePurged", cancelled: "jobStateCancelled", refused: "jobStateRefused" };
const stateText = (state) => (state === null ? t("jobStateGone") : STATE_KEYS[state] ? t(STATE_KEYS[state]) : state);

/** `showJob(id)` opens a job's timeline on the audit page. */
export function titleSearch(showJob) {
  const reasonHint = el("span", { class: "field-error", id: "title-search-reason-error", role: "alert" });
  const title = el("input", { name: "title", required: true, maxlength: 1024, autocomplete: "off" });
  const reason = el("input", { name: "reason", required: true, maxlength: 2000, autocomplete: "off", "aria-describedby": reasonHint.id });
  const results = el("div", { id: "title-search-results" });
  const form = el("form", { class: "form-inline", id: "title-search", novalidate: true, "aria-labelledby": "title-search-heading" }, [
    el("label", {}, [t("titleSearchTitle"), title]),
    el("label", {}, [t("reason"), reason, reasonHint]),
    el("button", { type: "submit", class: "button primary" }, [t("titleSearchSubmit")]),
  ]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    reasonHint.textContent = "";
    reason.removeAttribute("aria-invalid");
    // Said beside the field at once; the server refuses a search without a reason too.
    if (reason.value.trim() === "") {
      reason.setAttribute("aria-invalid", "true");
      reasonHint.textContent = t("titleSearchNoReason");
      reason.focus();
      // The message sits under the field: scroll just enough that it is read, not only the field.
      reasonHint.scrollIntoView({ block: "nearest" });
      return;
    }
    try {
      const answer = await post("/api/audit/title-search", { title: title.value, reason: reason.value });
      const items = answer.jobs.map((job) => {
        const open = el("button", { type: "button", class: "button secondary small", "data-job": job.id }, [t("titleSearchOpen", { job: job.id })]);
        open.addEventListener("click", () => showJob(job.id));
        return el("li", {}, [t("titleSearchJob", { job: job.id, owner: job.owner ?? "?", time: formatTime(job.submittedAt), state: stateText(job.state) }), " ", open]);
      });
      const summary = t(items.length === 0 ? "titleSearchNone" : "titleSearchFound", { count: items.length });
      results.replaceChildren(el("p", { id: "title-search-summary" }, [summary]), items.length > 0 ? el("ul", {}, items) : null);
      results.scrollIntoView({ block: "nearest" });
      announce(summary);
    } catch (error) {
      results.replaceChildren(el("p", { class: "message", role: "alert" }, [error.message]));
    }
  });
  return el("section", { class: "card", "aria-labelledby": "title-search-heading" }, [
    el("h2", { id: "title-search-heading" }, [t("titleSearchHeading")]),
    el("p", {}, [t("titleSearchNote")]),
    form,
    results,
  ]);
}
