// Held jobs: titles masked; an admin may reveal one title or delete a held job, each with a reason
// that is recorded in the audit log. Documents themselves are never available here.
import { get, post } from "../api.js";
import { ask } from "../dialog.js";
import { announce, el, stateLabel, table } from "../dom.js";
import { formatSize, formatTime } from "../format.js";

const MASK = "••••••••";

function titleCell(job, canManage, message) {
  const cell = el("td", {}, [el("span", { class: "masked", "aria-label": "Title hidden" }, [MASK])]);
  if (!canManage) return cell;
  const reveal = el("button", { type: "button", class: "button secondary small", "data-action": "reveal" }, ["Show title"]);
  reveal.addEventListener("click", async () => {
    const reason = await ask({ heading: `Show the title of job ${job.id}`, text: "Titles are personal data. Your reason is recorded in the audit log.", reasonLabel: "Reason", confirm: "Show title" });
    if (!reason) return;
    try {
      const { title } = await post(`/api/jobs/${job.id}/title`, { reason });
      // textContent: a title is whatever the sender's application called the document.
      cell.replaceChildren(el("span", { class: "revealed", "data-title": true }, [title]), " ", el("small", {}, ["(shown to you; audited)"]));
      announce("Title shown");
    } catch (error) {
      message.textContent = error.message;
    }
  });
  cell.append(" ", reveal);
  return cell;
}

function actions(job, canManage, message, refresh) {
  if (!canManage) return "—";
  const remove = el("button", { type: "button", class: "button danger small", "data-action": "delete", disabled: job.state !== "held" }, ["Delete"]);
  remove.addEventListener("click", async () => {
    const reason = await ask({ heading: `Delete job ${job.id} of ${job.owner}`, text: "The job's key and document are destroyed at once. Your reason is recorded in the audit log.", reasonLabel: "Reason", confirm: "Delete job" });
    if (!reason) return;
    try {
      await post(`/api/jobs/${job.id}/delete`, { reason });
      announce(`Job ${job.id} deleted`);
      refresh();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return remove;
}

export async function render(container, context) {
  const jobs = await get("/api/jobs");
  const message = el("p", { class: "message", role: "alert" });
  container.append(el("h1", {}, ["Held jobs"]), el("p", {}, [`${jobs.length} jobs are waiting to be collected. Titles are hidden.`]), message);
  const rows = jobs.map((job) => [
    String(job.id),
    job.owner,
    titleCell(job, context.canManage, message),
    formatTime(job.submittedAt),
    formatTime(job.expiresAt),
    formatSize(job.sizeBytes),
    job.pages === null ? "—" : String(job.pages),
    String(job.copies),
    job.state === "held" ? stateLabel("ok", "■", job.needsPin ? "held (PIN)" : "held") : stateLabel("warn", "↻", job.state),
    actions(job, context.canManage, message, context.refresh),
  ]);
  container.append(jobs.length === 0 ? el("p", {}, ["No held jobs."]) : table(["Job", "Owner", "Title", "Submitted", "Destroyed after", "Size", "Pages", "Copies", "State", "Actions"], rows, "Held jobs"));
}
