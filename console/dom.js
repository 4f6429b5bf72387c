// DOM helpers for the console. Strings always become text nodes: titles, names and audit details
// are data, never markup.

export const byId = (id) => document.getElementById(id);

export function el(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return element;
}

/** A table from column headings and rows of cells (strings or elements). */
export function table(headings, rows, caption) {
  return el("div", { class: "table-wrap" }, [
    el("table", {}, [
      caption ? el("caption", { class: "visually-hidden" }, [caption]) : null,
      el("thead", {}, [el("tr", {}, headings.map((heading) => el("th", { scope: "col" }, [heading])))]),
      el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((cell) => (cell instanceof HTMLTableCellElement ? cell : el("td", {}, [cell])))))),
    ]),
  ]);
}

export function announce(text) {
  const region = byId("announcer");
  region.textContent = "";
  requestAnimationFrame(() => (region.textContent = text));
}

/** A status shown as icon + word (+ colour), never colour alone. */
export function stateLabel(tone, icon, text) {
  return el("span", { class: "state", "data-tone": tone }, [el("span", { "aria-hidden": "true" }, [icon]), " ", text]);
}
