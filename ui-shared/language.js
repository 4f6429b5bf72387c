// The language state the two static pages share (the kiosk screen at /kiosk, the console at /admin;
// served at /ui-shared): the current language, who wants to hear of a change, and t() with
// {placeholder} filling. Each page keeps its own string tables and marks its static text its own way
// (`applyStatic`, called on every change).

/**
 * @param {Record<string, Record<string, string>>} tables one string table per language
 * @param {() => void} applyStatic rewrites the page's marked static text after a change
 */
export function createLanguage(tables, applyStatic) {
  const languages = Object.keys(tables);
  let current = languages[0];
  const listeners = [];

  /** The string for `key` in the current language, with {placeholders} filled from `values`. */
  function t(key, values = {}) {
    const table = tables[current];
    const template = Object.hasOwn(table, key) ? table[key] : key;
    return template.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
  }

  /** Switches to `next` (ignored when unknown); `always`: apply and tell listeners even when unchanged. */
  function setLanguage(next, { always = false } = {}) {
    if (!languages.includes(next) || (next === current && !always)) return;
    current = next;
    document.documentElement.lang = next;
    applyStatic();
    for (const listener of listeners) listener(next);
  }

  return { t, setLanguage, language: () => current, onLanguageChange: (listener) => void listeners.push(listener) };
}
