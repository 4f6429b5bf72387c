// Audit entries told as sentences in the console's language, for the job and person timelines.
// Only what an entry says: its details are data (printer, kiosk, address), the words come from the
// string tables; a card is named by the ending the server resolved ("…1168"), never a number.
import { el } from "../dom.js";
import { formatTime } from "../format.js";
import { t } from "../i18n.js";

/** Event type → string key; each string takes {time} and the details it names. */
const SENTENCES = {
  "job.submitted": "timelineSubmitted",
  "job.duplicate": "timelineDuplicate",
  "job.released": "timelineReleased",
  "job.release-failed": "timelineReleaseFailed",
  "job.release-unknown": "timelineReleaseUnknown",
  "job.release-not-sent": "timelineReleaseNotSent",
  "job.deleted": "timelineDeleted",
  "job.cancelled": "timelineCancelled",
  "job.purged": "timelinePurged",
  "job.document-refused": "timelineRefused",
  "job.title-revealed": "timelineTitleRevealed",
  "session.started": "timelineSessionStarted",
  "session.ended": "timelineSessionEnded",
  "card.linked": "timelineCardLinked",
  "card.refused": "timelineCardRefused",
  "pin.failed": "timelinePinFailed",
  "pin.locked": "timelinePinLocked",
  "admin.changed": "timelineAdminChanged",
};
/** The same sentence naming the card that did it, when the server could name one. */
const WITH_CARD = { "job.released": "timelineReleasedByCard", "session.started": "timelineSessionStartedByCard" };

/** "kiosk:Plan 3 kiosk" → "Plan 3 kiosk" (the kiosk of a session or PIN entry is its subject or actor). */
const nameOf = (value, kind) => (typeof value === "string" && value.startsWith(`${kind}:`) ? value.slice(kind.length + 1) : undefined);

export function sentence(entry) {
  const details = entry.details ?? {};
  const text = (name) => (typeof details[name] === "string" && details[name] !== "" ? details[name] : "?");
  const time = formatTime(entry.at);
  const key = (entry.card && WITH_CARD[entry.type]) || SENTENCES[entry.type];
  if (!key) return t("timelineOther", { type: entry.type, time });
  const kiosk = nameOf(entry.subject, "kiosk") ?? nameOf(entry.actor, "kiosk") ?? text("kiosk");
  return t(key, { time, peer: text("peer"), printer: text("printer"), kiosk, reason: text("reason"), card: entry.card ?? "?", actor: entry.actor ?? "?", action: text("action"), until: details.lockedUntil ? formatTime(details.lockedUntil) : "?" });
}

/** "job:42" → "42", else null: a person's timeline says which job each line is about. */
export function jobOf(entry) {
  return nameOf(entry.subject, "job") ?? null;
}

/** The link that downloads one job's or one person's signed evidence (GET /api/audit/evidence, audited). */
export function evidenceLink(query) {
  return el("p", { class: "row" }, [
    el("a", { class: "button secondary", "data-evidence": true, href: `/api/audit/evidence?${new URLSearchParams(query)}`, download: "" }, [t("evidenceDownload")]),
    el("small", {}, [t("evidenceNote")]),
  ]);
}
