// The screen's current language: looks strings up in strings.js, fills placeholders, and rewrites
// every element marked data-i18n (text) or data-i18n-attr (e.g. "aria-label:key") when it changes.
import { createLanguage } from "../../ui-shared/language.js";
import { STRINGS } from "./strings.js";

export const { t, language, setLanguage, onLanguageChange } = createLanguage(STRINGS, () => applyStaticStrings(document));

export function applyStaticStrings(root) {
  for (const element of root.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of element.dataset.i18nAttr.split(",")) {
      const [attribute, key] = pair.split(":");
      element.setAttribute(attribute.trim(), t(key.trim()));
    }
  }
  document.title = t("pageTitle");
}

const locale = () => (language() === "sv" ? "sv-SE" : "en-GB");

/** "12 kB", "1,4 MB": sizes a person recognises, in the current language's number format. */
export function formatSize(bytes) {
  const number = (value, digits) => new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
  if (bytes < 1000) return t("sizeBytes", { size: number(bytes, 0) });
  if (bytes < 1_000_000) return t("sizeKilobytes", { size: number(bytes / 1000, 0) });
  return t("sizeMegabytes", { size: number(bytes / 1_000_000, 1) });
}

/** "14:05" today, "3 dec. 14:05" earlier. */
export function formatTime(iso) {
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  const options = today ? { hour: "2-digit", minute: "2-digit" } : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(locale(), options).format(at);
}

/** "14:05": a time later today or tomorrow, to the minute. */
export function formatClockMinutes(iso) {
  return new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** "14:05:30": a moment within the next minutes, to the second. */
export function formatClock(iso) {
  return new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(iso));
}
