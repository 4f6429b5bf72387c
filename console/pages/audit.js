// The audit log: filter by person, printer, event type and time; page through; export CSV/JSONL;
// verify the hash chain. Every search is itself recorded in the log (audit.read).
import { get, post } from "../api.js";
import { announce, el, stateLabel, table } from "../dom.js";
import { formatTime, localInputToIso } from "../format.js";

const PAGE_SIZE = 50;

function filterForm(types, printers) {
  return el("form", { class: "form-inline", id: "audit-filter", "aria-label": "Filter the audit log" }, [
    el("label", {}, ["Person", el("input", { name: "person", maxlength: 128, placeholder: "user name" })]),
    el("label", {}, ["Printer", el("select", { name: "printer" }, [el("option", { value: "" }, ["Any printer"]), ...printers.map((printer) => el("option", { value: printer.name }, [printer.name]))])]),
    el("label", {}, ["Event type", el("select", { name: "type" }, [el("option", { value: "" }, ["Any event"]), ...types.map((entry) => el("option", { value: entry.type, title: entry.description }, [entry.type]))])]),
    el("label", {}, ["From", el("input", { name: "from", type: "datetime-local", step: 1 })]),
    el("label", {}, ["To", el("input", { name: "to", type: "datetime-local", step: 1 })]),
    el("button", { type: "submit", class: "button primary" }, ["Search"]),
  ]);
}

function queryOf(form) {
  const query = new URLSearchParams();
  const { person, printer, type, from, to } = form.elements;
  if (person.value.trim()) query.set("person", person.value.trim());
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
  const csv = link("csv", "Export CSV");
  const jsonl = link("jsonl", "Export JSON Lines");
  const update = () => {
    // Exports keep whole time ranges (and types) so the chain can be recomputed from the file.
    const query = queryOf(form);
    query.delete("person");
    query.delete("printer");
    csv.href = `/api/audit/export?${new URLSearchParams([...query, ["format", "csv"]])}`;
    jsonl.href = `/api/audit/export?${new URLSearchParams([...query, ["format", "jsonl"]])}`;
  };
  form.addEventListener("input", update);
  update();
  return el("div", { class: "row" }, [csv, jsonl, el("small", {}, ["Exports use the time and type filters only, so every exported range can be re-verified."])]);
}

function verifyBox() {
  const result = el("p", { id: "verify-result", role: "status" });
  const button = el("button", { type: "button", class: "button secondary", id: "verify" }, ["Verify the chain"]);
  button.addEventListener("click", async () => {
    button.disabled = true;
    result.replaceChildren("Verifying…");
    try {
      const outcome = await post("/api/audit/verify");
      result.replaceChildren(
        outcome.ok
          ? stateLabel("ok", "✓", `Intact: ${outcome.entries} entries up to seq ${outcome.lastSeq}, ${outcome.checkpointsVerified} signed checkpoint(s) verified.`)
          : stateLabel("bad", "✗", `NOT intact: first bad entry seq ${outcome.firstBadSeq} (${outcome.reason}).`),
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
  if (published.keys.length === 0) return el("p", { id: "public-key" }, ["No checkpoint has been signed yet, so there is no public key to pin."]);
  const [key] = published.keys;
  return el("div", { id: "public-key", class: "row" }, [
    el("p", {}, ["Checkpoint signing key (Ed25519), SHA-256 fingerprint: ", el("code", { id: "public-key-fingerprint" }, [grouped(key.fingerprint)])]),
    el("a", { class: "button secondary", href: "/api/audit/public-key.pem", download: "printvakt-audit-public-key.pem" }, ["Download the public key (PEM)"]),
    el("small", {}, ["Compare the fingerprint with the one you were given by another channel before you pin the key (printvakt audit verify --public-key FILE)."]),
  ]);
}

export async function render(container) {
  const [types, printers, published] = await Promise.all([get("/api/audit/event-types"), get("/api/printers"), get("/api/audit/public-key")]);
  const form = filterForm(types, printers);
  const results = el("div", { id: "audit-results" });
  const message = el("p", { class: "message", role: "alert" });
  container.append(el("h1", {}, ["Audit log"]), form, el("div", { class: "card" }, [exportLinks(form), verifyBox(), publicKeyBox(published)]), message, results);
  // Cursors of the pages before this one, to go back to newer entries.
  let cursors = [];
  async function load(before) {
    const query = queryOf(form);
    query.set("limit", String(PAGE_SIZE));
    if (before) query.set("before", String(before));
    try {
      const page = await get(`/api/audit?${query}`);
      message.textContent = "";
      const newer = el("button", { type: "button", class: "button secondary", disabled: cursors.length === 0 }, ["← Newer"]);
      newer.addEventListener("click", () => {
        cursors.pop();
        void load(cursors.at(-1));
      });
      const older = el("button", { type: "button", class: "button secondary", disabled: page.nextBefore === null }, ["Older →"]);
      older.addEventListener("click", () => {
        cursors.push(page.nextBefore);
        void load(page.nextBefore);
      });
      const rows = page.entries.map((entry) => [String(entry.seq), formatTime(entry.at), entry.type, entry.actor ?? "—", entry.subject ?? "—", detailsList(entry.details)]);
      results.replaceChildren(
        el("p", { id: "audit-summary" }, [`${page.total} matching entries; showing ${page.entries.length}, newest first.`]),
        page.entries.length === 0 ? el("p", {}, ["Nothing matches."]) : table(["Seq", "Time", "Event", "Actor", "Subject", "Details"], rows, "Audit entries"),
        el("div", { class: "row" }, [newer, older]),
      );
      announce(`${page.total} matching entries`);
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
