// The console's current language: t(key, values) looks strings up in strings.js; the choice is kept in
// localStorage, else the server's PRINTVAKT_LANGUAGE decides. <html lang> and elements marked
// data-i18n (text) or data-i18n-label (aria-label) follow every change.
import { createLanguage } from "../ui-shared/language.js";
import { LANGUAGES, STRINGS } from "./strings.js";

const STORAGE_KEY = "printvakt-console-language";
const state = createLanguage(STRINGS, () => applyStaticStrings(document));

export const { t, language, onLanguageChange } = state;

/** "sv-SE" or "en-GB": the Intl locale of dates and numbers in the current language. */
export const locale = () => (language() === "sv" ? "sv-SE" : "en-GB");

/** The language this browser chose before, or null. */
export function storedLanguage() {
  const stored = localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.includes(stored) ? stored : null;
}

/** Switches the language; `remember` keeps the choice in this browser. The page is rewritten even when the language stays. */
export function setLanguage(next, { remember = false } = {}) {
  if (!LANGUAGES.includes(next)) return;
  if (remember) localStorage.setItem(STORAGE_KEY, next);
  state.setLanguage(next, { always: true });
}

export function applyStaticStrings(root) {
  document.title = t("pageTitle");
  for (const element of root.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll("[data-i18n-label]")) element.setAttribute("aria-label", t(element.dataset.i18nLabel));
}
