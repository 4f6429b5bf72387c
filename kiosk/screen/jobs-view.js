// The person's job list: one row per job, updated in place (keyed by job id) so a focused button
// keeps its focus when progress arrives. Titles are set with textContent only.
import { byId, el } from "./dom.js";
import { failureText } from "./failure-reasons.js";
import { formatClock, formatSize, formatTime, t } from "./i18n.js";

// What printing at this kiosk's printer changes (server/release/printer-abilities.ts), said before printing.
const CHANGE_KEYS = { "one-sided": "changeOneSided", monochrome: "changeMonochrome", "paper-size": "changePaperSize" };

const STATUS = {
  sending: { tone: "warn", icon: "↻", key: "stateSending", busy: true },
  waiting: { tone: "warn", icon: "◷", key: "stateWaiting", busy: true },
  printed: { tone: "ok", icon: "✓", key: "statePrinted", busy: true, done: true },
  failed: { tone: "bad", icon: "✗", key: "stateFailed", busy: false },
  "needs-pin": { tone: "warn", icon: "⚠", key: "stateNeedsPin", busy: false },
  gone: { tone: "warn", icon: "?", key: "stateGone", busy: true, done: true },
  uncertain: { tone: "warn", icon: "⚠", key: "stateUncertain", busy: true },
  deleted: { tone: "ok", icon: "✓", key: "deleted", busy: true, done: true },
  "pin-protected": { tone: "warn", icon: "⚠", key: "needsPin", busy: false },
  "may-have-printed": { tone: "warn", icon: "⚠", key: "stateMayHavePrinted", busy: false },
};

/** Where and when a job whose last release has an unknown outcome may have printed. */
function mayHavePrintedReason(job) {
  const where = job.mayHavePrinted ?? { printer: "", at: job.submittedAt };
  return t("mayHavePrintedAt", { printer: where.printer || "?", time: formatTime(where.at) });
}

/** Why the printer is not taking the job yet, and when the server tries again. */
function waitingReason(progress) {
  return t(progress.reason === "busy" ? "waitingBusy" : "waitingOffline", { time: formatClock(progress.retryAt) });
}

/** Two taps, like delete: the first arms the button with `armedKey`, the second acts. */
function armable(button, armedKey, idleKey, act) {
  if (button.dataset.armed === "true") {
    button.dataset.armed = "false";
    act();
    return;
  }
  button.dataset.armed = "true";
  button.textContent = t(armedKey);
  setTimeout(() => {
    button.dataset.armed = "false";
    button.textContent = t(idleKey);
  }, 4000);
}

/** What a row says about a job: its progress this session, else what the job itself carries. */
function statusOf(job, progress) {
  const known = progress.get(job.id);
  if (known?.state === "waiting") return { ...STATUS.waiting, reason: waitingReason(known) };
  if (known) return { ...STATUS[known.state], reason: known.state === "failed" ? failureText(known) : (known.reason ?? "") };
  if (job.state === "releasing") return { ...STATUS.sending, reason: "" };
  if (job.state === "may-have-printed") return { ...STATUS["may-have-printed"], reason: mayHavePrintedReason(job) };
  // Held back before: the stored code in this screen's language (a job from before codes: the server's text).
  if (job.stateReasonCode) return { ...STATUS.failed, reason: failureText({ code: job.stateReasonCode }) };
  if (job.reason) return { ...STATUS.failed, reason: job.reason };
  if (job.needsPin) return { ...STATUS["pin-protected"], reason: "" };
  return null;
}

function metaItems(job) {
  const items = [];
  if (job.pages !== null && job.pages !== undefined) items.push(job.pages === 1 ? t("onePage") : t("pages", { count: job.pages }));
  items.push(job.copies === 1 ? t("oneCopy") : t("copies", { count: job.copies }));
  items.push(String(job.sides ?? "").startsWith("two-sided") ? t("duplex") : t("simplex"));
  // The paper's name ("A5", "Letter") is data, the same in every language.
  if (job.paper) items.push({ value: job.paper });
  if (job.color === "color") items.push(t("color"));
  else if (job.color === "monochrome") items.push(t("monochrome"));
  for (const change of job.changes ?? []) {
    // The paper it fits on ("A4") is named when the server says which (older servers do not).
    if (change === "paper-size" && job.fitPaper) items.push(t("changePaperFit", { paper: job.fitPaper }));
    else if (CHANGE_KEYS[change]) items.push(t(CHANGE_KEYS[change]));
  }
  // Pages say what staff need to know; the byte size only stands in when pages were not counted.
  if (job.pages === null || job.pages === undefined) items.push(formatSize(job.sizeBytes));
  items.push(t("submitted", { time: formatTime(job.submittedAt) }));
  return items;
}

function createRow(job, handlers) {
  const titleId = `job-title-${job.id}`;
  const checkbox = el("input", { type: "checkbox", class: "job-select", "aria-describedby": titleId });
  checkbox.addEventListener("change", () => handlers.onSelect(job.id, checkbox.checked));
  const print = el("button", { type: "button", class: "button primary print", "aria-describedby": titleId });
  print.addEventListener("click", () => {
    // A job that may already have printed prints again only on a second, explicit tap.
    if (print.dataset.mayHavePrinted !== "true") return handlers.onPrint(job.id);
    armable(print, "printAgainConfirm", "print", () => handlers.onPrint(job.id, { confirmReprint: true }));
  });
  const remove = el("button", { type: "button", class: "button danger delete", "aria-describedby": titleId });
  // Two taps: a glove brushing past should not destroy a document.
  remove.addEventListener("click", () => armable(remove, "deleteConfirm", "delete", () => handlers.onDelete(job.id)));
  const row = el("li", { class: "job", "data-id": job.id }, [
    el("label", { class: "select" }, [checkbox]),
    el("div", { class: "job-body" }, [
      el("p", { class: "job-title", id: titleId, "data-value": true }),
      el("ul", { class: "job-meta" }),
      el("p", { class: "job-status", hidden: true }, [el("span", { class: "status-icon", "aria-hidden": "true" }), el("span", { class: "status-text" }), el("span", { class: "reason", "data-value": true })]),
    ]),
    el("div", { class: "job-actions" }, [print, remove]),
  ]);
  // A tap anywhere on the row (not on its buttons) selects it: the checkbox alone is a small target
  // for gloves. The checkbox stays the control keyboards and screen readers use.
  row.addEventListener("click", (event) => {
    if (event.target.closest("button, input, label") || checkbox.disabled || checkbox.closest(".select").style.visibility === "hidden") return;
    checkbox.checked = !checkbox.checked;
    handlers.onSelect(job.id, checkbox.checked);
  });
  return row;
}

function updateRow(row, job, view) {
  const status = statusOf(job, view.progress);
  row.dataset.state = view.progress.get(job.id)?.state ?? job.state;
  row.querySelector(".job-title").textContent = job.title;
  row.querySelector(".job-meta").replaceChildren(...metaItems(job).map((item) => (typeof item === "string" ? el("li", {}, [item]) : el("li", { "data-value": true }, [item.value]))));
  const statusLine = row.querySelector(".job-status");
  statusLine.hidden = status === null;
  if (status) {
    statusLine.dataset.tone = status.tone;
    statusLine.querySelector(".status-icon").textContent = status.icon;
    statusLine.querySelector(".status-text").textContent = t(status.key);
    statusLine.querySelector(".reason").textContent = status.reason;
  }
  const done = status?.done === true;
  const busy = status?.busy === true;
  const checkbox = row.querySelector(".job-select");
  checkbox.closest(".select").style.visibility = done ? "hidden" : "visible";
  checkbox.checked = view.selected.has(job.id);
  row.dataset.selected = String(checkbox.checked);
  checkbox.disabled = !view.canAct || busy;
  checkbox.setAttribute("aria-label", t("selectJob"));
  row.querySelector(".job-actions").hidden = done;
  const print = row.querySelector(".print");
  print.dataset.mayHavePrinted = String(job.state === "may-have-printed");
  if (print.dataset.armed !== "true") print.textContent = t("print");
  print.disabled = !view.canPrint || busy;
  const remove = row.querySelector(".delete");
  if (remove.dataset.armed !== "true") remove.textContent = t("delete");
  remove.disabled = !view.canAct || busy;
}

/**
 * view: { jobs, progress: Map<id, {state, reason, retryAt?}>, selected: Set<id>, canPrint, canAct }
 * handlers: { onPrint(id), onDelete(id), onSelect(id, checked) }
 */
export function renderJobs(view, handlers) {
  const list = byId("job-list");
  const rows = new Map([...list.children].map((row) => [Number(row.dataset.id), row]));
  const wanted = new Set(view.jobs.map((job) => job.id));
  for (const [id, row] of rows) if (!wanted.has(id)) row.remove();
  let previous = null;
  for (const job of view.jobs) {
    let row = rows.get(job.id);
    if (!row) row = createRow(job, handlers);
    updateRow(row, job, view);
    // Keep the server's order without re-inserting rows that are already in place (focus stays).
    const expectedNext = previous ? previous.nextElementSibling : list.firstElementChild;
    if (expectedNext !== row) list.insertBefore(row, expectedNext);
    previous = row;
  }
  const waiting = view.jobs.filter((job) => !STATUS[view.progress.get(job.id)?.state]?.done).length;
  byId("jobs-empty").hidden = view.jobs.length > 0;
  byId("jobs-count").textContent = view.jobs.length === 0 ? "" : waiting === 0 ? t("jobsAllPrinted") : t(waiting === 1 ? "jobsCountOne" : "jobsCount", { count: waiting });
}
