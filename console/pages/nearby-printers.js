// The printers near a printer, nearest first: shown on the printers page, and (admins) chosen from
// three lists rather than typed, because printer names may contain commas.
import { post } from "../api.js";
import { announce, el } from "../dom.js";
import { t } from "../i18n.js";

const CHOICES = 3;

/** "1. Plan 3 Syd 2. Plan 2" as an ordered list, or "—". */
export function nearbyList(names) {
  return names.length === 0 ? "—" : el("ol", { class: "nearby" }, names.map((name) => el("li", {}, [name])));
}

function printerSelect(name, label, printers, withNone) {
  const options = printers.map((printer) => el("option", { value: printer.name }, [printer.name]));
  if (withNone) options.unshift(el("option", { value: "" }, [t("nearbyNone")]));
  return el("label", {}, [label, el("select", { name }, options)]);
}

/** The admin's form: a printer, then up to three nearby printers in order. */
export function nearbyForm(printers, message, refresh) {
  const choices = Array.from({ length: CHOICES }, (_, index) => printerSelect(`nearby${index}`, t("nearbyChoice", { n: index + 1 }), printers, true));
  const form = el("form", { class: "form-inline", "aria-label": t("nearbyFormLabel") }, [
    printerSelect("printer", t("printer"), printers, false),
    ...choices,
    el("button", { type: "submit", class: "button secondary" }, [t("nearbySave")]),
  ]);
  const showCurrent = () => {
    const current = printers.find((printer) => printer.name === form.elements.printer.value)?.nearby ?? [];
    for (let index = 0; index < CHOICES; index += 1) form.elements[`nearby${index}`].value = current[index] ?? "";
  };
  form.elements.printer.addEventListener("change", showCurrent);
  showCurrent();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const nearby = Array.from({ length: CHOICES }, (_, index) => form.elements[`nearby${index}`].value).filter(Boolean);
    try {
      await post(`/api/printers/${encodeURIComponent(form.elements.printer.value)}/nearby`, { nearby });
      announce(t("nearbySaved"));
      refresh();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return form;
}
