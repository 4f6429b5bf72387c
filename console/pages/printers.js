// Printers: their last known state, and (admins) adding and removing them.
import { del, get, post } from "../api.js";
import { ask } from "../dialog.js";
import { announce, el, stateLabel, table } from "../dom.js";
import { formatTime } from "../format.js";

export const PRINTER_STATES = {
  idle: ["ok", "✓", "ready"],
  processing: ["ok", "✓", "printing"],
  stopped: ["bad", "✗", "stopped"],
  offline: ["bad", "✗", "unreachable"],
};

export function printerState(state) {
  const [tone, icon, text] = PRINTER_STATES[state] ?? ["warn", "?", "unknown"];
  return stateLabel(tone, icon, text);
}

function addForm(message, refresh) {
  const form = el("form", { class: "form-inline", "aria-label": "Add a printer" }, [
    el("label", {}, ["Name", el("input", { name: "name", required: true, maxlength: 64 })]),
    el("label", {}, ["URI", el("input", { name: "uri", required: true, size: 40, placeholder: "ipp://printer.example.org/ipp/print" })]),
    el("button", { type: "submit", class: "button primary" }, ["Add printer"]),
  ]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await post("/api/printers", { name: form.elements.name.value, uri: form.elements.uri.value });
      announce("Printer added");
      refresh();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return form;
}

/** What the printer takes (reported over IPP, or declared for a raw printer), one line. */
export function printerCapabilities(summary) {
  if (!summary || summary.languages.length === 0) return "unknown";
  const parts = [summary.languages.join(", "), summary.colour ? "colour" : "black and white", summary.duplex ? "two-sided" : "one-sided"];
  if (summary.media.length > 0) parts.push(summary.media.join(", "));
  return `${parts.join(" · ")}${summary.declared ? " (declared)" : ""}`;
}

export async function render(container, context) {
  const printers = await get("/api/printers");
  const message = el("p", { class: "message", role: "alert" });
  container.append(el("h1", {}, ["Printers"]), message);
  if (context.canManage) container.append(addForm(message, context.refresh));
  const rows = printers.map((printer) => {
    let action = "—";
    if (context.canManage) {
      action = el("button", { type: "button", class: "button danger small", "data-action": "delete" }, ["Remove"]);
      action.addEventListener("click", async () => {
        if ((await ask({ heading: `Remove printer ${printer.name}?`, text: "Kiosks beside it must be removed or moved first.", confirm: "Remove" })) === null) return;
        try {
          await del(`/api/printers/${encodeURIComponent(printer.name)}`);
          context.refresh();
        } catch (error) {
          message.textContent = error.message;
        }
      });
    }
    return [printer.name, printer.uri, printerState(printer.state), printerCapabilities(printer.capabilities), printer.stateMessage || "—", formatTime(printer.lastCheckedAt), printer.kiosks.join(", ") || "—", action];
  });
  container.append(printers.length === 0 ? el("p", {}, ["No printers yet."]) : table(["Name", "URI", "State", "Prints", "Printer says", "Last checked", "Kiosks", "Actions"], rows, "Printers"));
}
