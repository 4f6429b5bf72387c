// One person's timeline for an incident (#/person/USERNAME): what they did and what happened to
// their jobs, oldest first, as sentences ("Job 42: Sent 14:02 from 10.1.4.22", "Logged in at Plan 3
// kiosk 14:04 with card …1168"), with the time zone said. Reading it is itself audited (audit.read).
import { get } from "../api.js";
import { announce, el } from "../dom.js";
import { t } from "../i18n.js";
import { evidenceLink, jobOf, sentence } from "./timeline-sentences.js";

function line(entry) {
  const job = jobOf(entry);
  const text = sentence(entry);
  return el("li", { "data-type": entry.type, "data-seq": entry.seq }, [job === null ? text : t("timelineJobLine", { job, text })]);
}

function personForm(current) {
  const input = el("input", { name: "person", maxlength: 128, required: true, value: current ?? "", autocomplete: "off" });
  const form = el("form", { class: "form-inline", id: "person-form", "aria-label": t("personTimelineChoose") }, [
    el("label", {}, [t("auditPerson"), input]),
    el("button", { type: "submit", class: "button primary" }, [t("personTimelineShow")]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value.trim()) location.hash = `#/person/${encodeURIComponent(input.value.trim())}`;
  });
  return form;
}

export async function render(container, context) {
  const person = context.argument;
  container.append(el("h1", {}, [person ? t("personTimelineHeading", { person }) : t("personTimelineTitle")]), personForm(person));
  if (!person) return;
  const list = el("ol", { id: "person-timeline", "aria-label": t("personTimelineHeading", { person }) });
  const more = el("button", { type: "button", class: "button secondary", id: "person-timeline-older" }, [t("auditOlder")]);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const summary = el("p", { id: "person-timeline-summary" });
  container.append(summary, el("p", { id: "person-timeline-zone" }, [t("auditTimeZone", { zone })]), list, el("div", { class: "row" }, [more]), evidenceLink({ person }));
  let shown = 0;
  async function load(before) {
    const query = new URLSearchParams({ person });
    if (before) query.set("before", String(before));
    const page = await get(`/api/audit/person-timeline?${query}`);
    // Older pages go above: the list stays oldest first.
    list.prepend(...page.entries.map(line));
    shown += page.entries.length;
    summary.textContent = page.displayName ? t("personTimelineSummaryNamed", { name: page.displayName, shown }) : t("personTimelineSummary", { shown });
    more.hidden = page.nextBefore === null;
    more.onclick = () => void load(page.nextBefore);
    if (shown === 0) list.replaceChildren(el("li", {}, [t("auditNothing")]));
    announce(summary.textContent);
  }
  await load(undefined);
}
