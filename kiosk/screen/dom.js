// Small DOM helpers. Text always goes in as textContent: names of people, printers and documents
// are data, never markup.

export const byId = (id) => document.getElementById(id);

/** el("li", { class: "job", "data-id": 4 }, [child, "text"]) — strings become text nodes. */
export function el(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) element.append(typeof child === "string" ? document.createTextNode(child) : child);
  return element;
}

/** Shows one section of <main> and moves focus to its heading, so a screen reader follows. */
export function showView(name, { focus = true } = {}) {
  for (const section of document.querySelectorAll("main > .view")) {
    const visible = section.id === `view-${name}`;
    if (visible === !section.hidden) continue;
    section.hidden = !visible;
    if (visible && focus) section.querySelector("h1")?.focus();
  }
}

export function currentView() {
  return document.querySelector("main > .view:not([hidden])")?.id.replace(/^view-/, "") ?? "";
}

/** Says something to screen readers; assertive interrupts (errors, time running out). */
export function announce(text, { assertive = false } = {}) {
  const region = byId(assertive ? "alert-announcer" : "announcer");
  region.textContent = "";
  // A fresh text node after clearing makes the same sentence announced again.
  requestAnimationFrame(() => (region.textContent = text));
}
