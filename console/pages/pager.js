// A list too long to show at once (People, Held jobs): a search box, one page at a time from the
// server's cursor, "← Previous" / "Next →", and "Showing 51–100 of 10 000" (the total comes with
// the first page only, so it is kept from there).
import { get } from "../api.js";
import { announce, el } from "../dom.js";
import { locale, t } from "../i18n.js";

const PAGE_SIZE = 50;
const number = (value) => new Intl.NumberFormat(locale()).format(value);

/**
 * @param {{ id: string, path: string, searchLabel: string, searchHint: string, itemsOf: (page) => unknown[], table: (items) => Node, empty: string, onTotal?: (total) => void }} options
 */
export function pagedList(options) {
  const input = el("input", { type: "search", name: "q", maxlength: 128, autocomplete: "off", "aria-describedby": `${options.id}-hint` });
  const form = el("form", { class: "form-inline", id: `${options.id}-search`, role: "search", "aria-label": options.searchLabel }, [
    el("label", {}, [options.searchLabel, input]),
    el("button", { type: "submit", class: "button secondary" }, [t("listSearch")]),
    el("small", { id: `${options.id}-hint` }, [options.searchHint]),
  ]);
  const summary = el("p", { id: `${options.id}-summary`, role: "status", tabindex: -1 });
  const results = el("div", { id: `${options.id}-results` });
  const previous = el("button", { type: "button", class: "button secondary", "data-page": "previous" }, [t("listPrevious")]);
  const next = el("button", { type: "button", class: "button secondary", "data-page": "next" }, [t("listNext")]);
  const message = el("p", { class: "message", role: "alert" });
  // The cursors of the pages shown so far; the last is this page's (undefined: the first page).
  let cursors = [undefined];
  let total = 0;
  /** `moved`: another page or search was asked for, so the reader is taken to its top. */
  async function load({ moved = false } = {}) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (input.value.trim()) query.set("q", input.value.trim());
    const cursor = cursors.at(-1);
    if (cursor !== undefined) query.set("cursor", String(cursor));
    try {
      const page = await get(`${options.path}?${query}`);
      const items = options.itemsOf(page);
      if (page.total !== null) {
        total = page.total;
        options.onTotal?.(total);
      }
      const first = (cursors.length - 1) * PAGE_SIZE + 1;
      summary.textContent = items.length === 0 ? options.empty : t("listSummary", { from: number(first), to: number(first + items.length - 1), total: number(total) });
      results.replaceChildren(items.length === 0 ? "" : options.table(items));
      previous.disabled = cursors.length === 1;
      next.disabled = page.nextCursor === null;
      next.onclick = () => {
        cursors.push(page.nextCursor);
        void load({ moved: true });
      };
      message.textContent = "";
      announce(summary.textContent);
      if (moved) summary.focus();
    } catch (error) {
      message.textContent = error.message;
    }
  }
  previous.addEventListener("click", () => {
    cursors.pop();
    void load({ moved: true });
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    cursors = [undefined];
    // Focus stays in the search box, for the next search.
    void load();
  });
  const element = el("div", { id: options.id }, [form, message, summary, results, el("div", { class: "row" }, [previous, next])]);
  return { element, load: () => load() };
}
