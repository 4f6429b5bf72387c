// The audit log: filter by person, printer, kiosk, job, event type and time (one job's entries also
// as a readable timeline); page through; export CSV/JSONL;
// verify the hash chain. Every search is itself recorded in the log (audit.read).
import { get, post } from "../api.js";
import { announce, byId, el, stateLabel, table } from "../dom.js";
import { formatTime, localInputToIso } from "../format.js";
import { t } from "../i18n.js";
import { jobTimeline } from "./job-timeline.js";
import { titleSearch } from "./title-search.js";

const PAGE_SIZE = 50;

function filterForm(types, printers) {
  return el("form", { class: "form-inline", id: "audit-filter", "aria-label": t("auditFilterLabel") }, [
    el("label", {}, [t("auditPerson"), el("input", { name: "person", maxlength: 128, placeholder: t("auditPersonPlaceholder") })]),
    el("label", {}, [t("printer"), el("select", { name: "printer" }, [el("option", { value: "" }, [t("auditAnyPrinter")]), ...printers.map((printer) => el("option", { value: printer.name }, [printer.name]))])]),
    el("label", {}, [t("auditEventType"), el("select", { name: "type" }, [el("option", { value: "" }, [t("auditAnyEvent")]), ...types.map((entry) => el("option", { value: entry.type, title: entry.description }, [entry.type]))])]),
    el("label", {}, [t("auditKiosk"), el("input", { name: "kiosk", maxlength: 64 })]),
    el("label", {}, [t("auditJob"), el("input", { name: "job", type: "number", min: 1, step: 1, inputmode: "numeric" })]),
    el("label", {}, [t("auditFrom"), el("input", { name: "from", type: "datetime-local", step: 1 })]),
    el("label", {}, [t("auditTo"), el("input", { name: "to", type: "datetime-local", step: 1 })]),
    el("button", { type: "submit", class: "button primary" }, [t("auditSearch")]),
  ]);
}

function queryOf(form) {
  const query = new URLSearchParams();
  const { person, printer, kiosk, job, type, from, to } = form.elements;
  if (person.value.trim()) query.set("person", person.value.trim());
  if (kiosk.value.trim()) query.set("kiosk", kiosk.value.trim());
  if (job.value.trim()) query.set("job", job.value.trim());
  if (printer.value) query.set("printer", printer.value);
  if (type.value) query.set("type", type.value);
  if (localInputToIso(from.value)) query.set("from", localInputToIso(from.value));
  if (localInputToIso(to.value)) query.set("to", localInputToIso(to.value));
  return query;
}

function detailsList(details) {
  return el("ul", { class: "details" }, Object.entries(details).map(([key, value]) => el("li", {}, [`${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`])));
}

function exportLinks(form) {
  const link = (format, label) => el("a", { class: "button secondary", "data-export": format, download: "" }, [label]);
  const csv = link("csv", t("exportCsv"));
  const jsonl = link("jsonl", t("exportJsonl"));
  const update = () => {
    // Exports keep whole time ranges (and types) so the chain can be recomputed from the file.
    const query = queryOf(form);
    for (const name of ["person", "printer", "kiosk", "job"]) query.delete(name);
    csv.href = `/api/audit/export?${new URLSearchParams([...query, ["format", "csv"]])}`;
    jsonl.href = `/api/audit/export?${new URLSearchParams([...query, ["format", "jsonl"]])}`;
  };
  form.addEventListener("input", update);
  update();
  return el("div", { class: "row" }, [csv, jsonl, el("small", {}, [t("exportNote")])]);
}

function verifyBox() {
  const result = el("p", { id: "verify-result", role: "status" });
  const button = el("button", { type: "button", class: "button secondary", id: "verify" }, [t("verifyChain")]);
  button.addEventListener("click", async () => {
    button.disabled = true;
    result.replaceChildren(t("verifying"));
    try {
      const outcome = await post("/api/audit/verify");
      result.replaceChildren(
        outcome.ok
          ? stateLabel("ok", "✓", t("verifyIntact", { entries: outcome.entries, lastSeq: outcome.lastSeq, checkpoints: outcome.checkpointsVerified }))
          : stateLabel("bad", "✗", t("verifyBroken", { seq: outcome.firstBadSeq, reason: outcome.reason })),
      );
    } catch (error) {
      result.replaceChildren(error.message);
    } finally {
      button.disabled = false;
    }
  });
  return el("div", { class: "row" }, [button, result]);
}

/** "ab12cd34…" in groups of four, so it can be read aloud and compared with the copy given out of band. */
function grouped(fingerprint) {
  return fingerprint.match(/.{1,4}/g).join(" ");
}

/** The checkpoint signing key an auditor pins: its SHA-256 fingerprint and the PEM to download. */
function publicKeyBox(published) {
  if (published.keys.length === 0) return el("p", { id: "public-key" }, [t("publicKeyNone")]);
  const [key] = published.keys;
  return el("div", { id: "public-key", class: "row" }, [
    el("p", {}, [t("publicKeyFingerprint"), el("code", { id: "public-key-fingerprint" }, [grouped(key.fingerprint)])]),
    el("a", { class: "button secondary", href: "/api/audit/public-key.pem", download: "printvakt-audit-public-key.pem" }, [t("publicKeyDownload")]),
    el("small", {}, [t("publicKeyCompare")]),
  ]);
}

export async function render(container) {
  const [types, printers, published] = await Promise.all([get("/api/audit/event-types"), get("/api/printers"), get("/api/audit/public-key")]);
  const form = filterForm(types, printers);
  const results = el("div", { id: "audit-results" });
  const message = el("p", { class: "message", role: "alert" });
  // A job found by its title opens that job's timeline in the search below.
  let focusTimeline = false;
  const showJob = (id) => {
    focusTimeline = true;
    form.reset();
    form.elements.job.value = String(id);
    form.requestSubmit();
  };
  container.append(el("h1", {}, [t("navAudit")]), form, titleSearch(showJob), el("div", { class: "card" }, [exportLinks(form), verifyBox(), publicKeyBox(published)]), message, results);
  // Cursors of the pages before this one, to go back to newer entries.
  let cursors = [];
  async function load(before) {
    const query = queryOf(form);
    query.set("limit", String(PAGE_SIZE));
    if (before) query.set("before", String(before));
    try {
      const page = await get(`/api/audit?${query}`);
      message.textContent = "";
      const newer = el("button", { type: "button", class: "button secondary", disabled: cursors.length === 0 }, [t("auditNewer")]);
      newer.addEventListener("click", () => {
        cursors.pop();
        void load(cursors.at(-1));
      });
      const older = el("button", { type: "button", class: "button secondary", disabled: page.nextBefore === null }, [t("auditOlder")]);
      older.addEventListener("click", () => {
        cursors.push(page.nextBefore);
        void load(page.nextBefore);
      });
      const rows = page.entries.map((entry) => [String(entry.seq), formatTime(entry.at), entry.type, entry.actor ?? "—", entry.subject ?? "—", detailsList(entry.details)]);
      // Times are the browser's; say which zone, so an incident report quotes them right.
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      results.replaceChildren(
        el("p", { id: "audit-summary" }, [t("auditSummary", { total: page.total, shown: page.entries.length }), " ", el("span", { id: "audit-time-zone" }, [t("auditTimeZone", { zone })])]),
        query.has("job") && page.entries.length > 0 ? jobTimeline(query.get("job"), page.entries) : null,
        query.has("person") ? el("p", {}, [el("a", { id: "person-timeline-link", href: `#/person/${encodeURIComponent(query.get("person"))}` }, [t("personTimelineLink", { person: query.get("person") })])]) : null,
        page.entries.length === 0 ? el("p", {}, [t("auditNothing")]) : table([t("colSeq"), t("time"), t("colEvent"), t("colActor"), t("colSubject"), t("colDetails")], rows, t("auditCaption")),
        el("div", { class: "row" }, [newer, older]),
      );
      announce(t("auditAnnounce", { total: page.total }));
      // Opened from a title search further up: bring the job's story into view.
      if (focusTimeline) byId("job-timeline-heading")?.focus();
      focusTimeline = false;
    } catch (error) {
      message.textContent = error.message;
    }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    cursors = [];
    void load(undefined);
  });
  await load(undefined);
}
