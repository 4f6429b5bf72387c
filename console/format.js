// How the console writes times, sizes and durations, in the current language's format (Intl).
import { locale } from "./i18n.js";

const number = (value, digits) => new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);

export function formatTime(iso) {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(), { year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(iso));
}

/** "14 dec. 09:30": a chart's point in time. */
export function formatHourMinute(iso) {
  return new Intl.DateTimeFormat(locale(), { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

export function formatSize(bytes) {
  if (bytes < 1000) return `${number(bytes, 0)} B`;
  if (bytes < 1_000_000) return `${number(bytes / 1000, 0)} kB`;
  return `${number(bytes / 1_000_000, 1)} MB`;
}

export function formatSeconds(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  if (seconds < 90) return `${number(seconds, 0)} s`;
  if (seconds < 5400) return `${number(Math.round(seconds / 60), 0)} min`;
  return `${number(seconds / 3600, 1)} h`;
}

/** A datetime-local input's value (local time, no zone) as an ISO time with zone, or "". */
export function localInputToIso(value) {
  if (!value) return "";
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? "" : at.toISOString();
}
