// Printers: their last known state and nearby printers, and (admins) adding, removing and setting nearby.
import { del, get, post } from "../api.js";
import { ask } from "../dialog.js";
import { announce, el, stateLabel, table } from "../dom.js";
import { formatTime } from "../format.js";
import { t } from "../i18n.js";
import { nearbyForm, nearbyList } from "./nearby-printers.js";

export const PRINTER_STATES = {
  idle: ["ok", "✓", "printerReady"],
  processing: ["ok", "✓", "printerPrinting"],
  stopped: ["bad", "✗", "printerStopped"],
  offline: ["bad", "✗", "printerUnreachable"],
};

export function printerState(state) {
  const [tone, icon, text] = PRINTER_STATES[state] ?? ["warn", "?", "printerUnknown"];
  return stateLabel(tone, icon, t(text));
}

function addForm(message, refresh) {
  const form = el("form", { class: "form-inline", "aria-label": t("printersAddLabel") }, [
    el("label", {}, [t("name"), el("input", { name: "name", required: true, maxlength: 64 })]),
    el("label", {}, [t("printerUri"), el("input", { name: "uri", required: true, size: 40, placeholder: "ipp://printer.example.org/ipp/print" })]),
    el("button", { type: "submit", class: "button primary" }, [t("printersAdd")]),
  ]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await post("/api/printers", { name: form.elements.name.value, uri: form.elements.uri.value });
      announce(t("printersAdded"));
      refresh();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return form;
}

/** What the printer takes (reported over IPP, or declared for a raw printer), one line. */
export function printerCapabilities(summary) {
  if (!summary || summary.languages.length === 0) return t("printerUnknown");
  const parts = [summary.languages.join(", "), t(summary.colour ? "capabilitiesColour" : "capabilitiesMonochrome"), t(summary.duplex ? "capabilitiesTwoSided" : "capabilitiesOneSided")];
  if (summary.media.length > 0) parts.push(summary.media.join(", "));
  return summary.declared ? t("capabilitiesDeclared", { capabilities: parts.join(" · ") }) : parts.join(" · ");
}

export async function render(container, context) {
  const printers = await get("/api/printers");
  const message = el("p", { class: "message", role: "alert" });
  container.append(el("h1", {}, [t("navPrinters")]), message);
  if (context.canManage) container.append(addForm(message, context.refresh));
  if (context.canManage && printers.length > 1) container.append(nearbyForm(printers, message, context.refresh));
  const rows = printers.map((printer) => {
    let action = "—";
    if (context.canManage) {
      action = el("button", { type: "button", class: "button danger small", "data-action": "delete" }, [t("remove")]);
      action.addEventListener("click", async () => {
        if ((await ask({ heading: t("printersRemoveHeading", { name: printer.name }), text: t("printersRemoveText"), confirm: t("remove") })) === null) return;
        try {
          await del(`/api/printers/${encodeURIComponent(printer.name)}`);
          context.refresh();
        } catch (error) {
          message.textContent = error.message;
        }
      });
    }
    return [printer.name, printer.uri, printerState(printer.state), printerCapabilities(printer.capabilities), printer.stateMessage || "—", formatTime(printer.lastCheckedAt), printer.kiosks.join(", ") || "—", nearbyList(printer.nearby), action];
  });
  container.append(printers.length === 0 ? el("p", {}, [t("printersEmpty")]) : table([t("name"), t("printerUri"), t("state"), t("colPrints"), t("colPrinterSays"), t("colLastChecked"), t("navKiosks"), t("colNearby"), t("actions")], rows, t("navPrinters")));
}
