// A modal <dialog> asking for confirmation, optionally with a required reason. Never window.prompt
// or confirm: those are blocking browser dialogs, and the tests treat any such dialog as a failure.
import { byId } from "./dom.js";

/** Resolves with the reason (or "" without one), or null when cancelled. */
export function ask({ heading, text = "", reasonLabel = "", confirm }) {
  const dialog = byId("dialog");
  byId("dialog-heading").textContent = heading;
  byId("dialog-text").textContent = text;
  const input = byId("dialog-input");
  const label = byId("dialog-label");
  input.value = "";
  input.hidden = label.hidden = reasonLabel === "";
  input.required = reasonLabel !== "";
  input.minLength = reasonLabel ? 3 : 0;
  label.textContent = reasonLabel;
  byId("dialog-confirm").textContent = confirm;
  return new Promise((resolve) => {
    const finish = (value) => {
      byId("dialog-form").removeEventListener("submit", onSubmit);
      byId("dialog-cancel").removeEventListener("click", onCancel);
      dialog.removeEventListener("cancel", onCancel);
      dialog.close();
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      finish(input.value.trim());
    };
    const onCancel = (event) => {
      event.preventDefault();
      finish(null);
    };
    byId("dialog-form").addEventListener("submit", onSubmit);
    byId("dialog-cancel").addEventListener("click", onCancel);
    dialog.addEventListener("cancel", onCancel);
    dialog.showModal();
    (reasonLabel ? input : byId("dialog-confirm")).focus();
  });
}
