// The bar under the job list, always in view: select all, delete and print what is chosen (the
// selected jobs, or all of them when none is selected), and print-then-log-out. Delete takes two
// taps like a row's Delete; the first only changes the button's words.
import { byId } from "./dom.js";
import { t } from "./i18n.js";

const ARMED_MS = 4000;
let deleteArmed = false;
let disarmTimer;

/** view: as renderJobs gets it, plus `open`: the ids that could still be printed or deleted. */
export function renderActionBar(view) {
  const count = view.selected.size;
  const some = count > 0;
  const open = view.open.length;
  const selectAll = byId("select-all");
  const allSelected = open > 0 && view.open.every((id) => view.selected.has(id));
  selectAll.textContent = t(allSelected ? "selectNone" : "selectAll");
  selectAll.setAttribute("aria-pressed", String(allSelected));
  selectAll.disabled = !view.canAct || open === 0;
  const remove = byId("delete-chosen");
  remove.textContent = deleteArmed ? t(some ? "deleteSelectedConfirm" : "deleteAllConfirm", { count }) : t(some ? "deleteSelected" : "deleteAll", { count });
  remove.dataset.armed = String(deleteArmed);
  remove.disabled = !view.canAct || (!some && open === 0);
  byId("print-chosen").textContent = t(some ? "printSelected" : "printAll", { count });
  byId("print-chosen-logout").textContent = t(some ? "printSelectedLogout" : "printAllLogout");
  for (const id of ["print-chosen", "print-chosen-logout"]) byId(id).disabled = !view.canPrint || (!some && open === 0);
}

/** First tap arms (and re-renders via `rerender`), the second within four seconds acts. */
export function tapDelete(act, rerender) {
  clearTimeout(disarmTimer);
  if (deleteArmed) {
    deleteArmed = false;
    act();
  } else {
    deleteArmed = true;
    disarmTimer = setTimeout(() => {
      deleteArmed = false;
      rerender();
    }, ARMED_MS);
  }
  rerender();
}

/** A new person, or the selection changed: the armed Delete no longer means what it said. */
export function disarmDelete() {
  clearTimeout(disarmTimer);
  deleteArmed = false;
}
