// The printer's own reasons (IPP printer-state-reasons, as the server relays them in
// printer:status.message, e.g. "media-empty-error, door-open") in plain words of the screen's
// language. A table, not a ladder: keyword → string key. Keywords nobody here knows are not shown
// raw (they are English jargon); they become "a fault that needs fixing at the printer".
import { t } from "./i18n.js";

const REASONS = {
  "media-empty": "reasonMediaEmpty",
  "media-needed": "reasonMediaNeeded",
  "media-low": null, // still prints: not worth a banner
  "media-jam": "reasonMediaJam",
  "door-open": "reasonDoorOpen",
  "cover-open": "reasonDoorOpen",
  "interlock-open": "reasonDoorOpen",
  "toner-empty": "reasonTonerEmpty",
  "toner-low": "reasonTonerLow",
  "marker-supply-empty": "reasonMarkerEmpty",
  "marker-supply-low": null,
  "input-tray-missing": "reasonInputTrayMissing",
  "output-area-full": "reasonOutputFull",
  "output-tray-missing": "reasonOutputFull",
  offline: "reasonOffline",
  "printer-unreachable": "reasonOffline",
  "connecting-to-device": "reasonOffline",
  paused: "reasonPaused",
  "moving-to-paused": "reasonPaused",
  "other": "reasonOther",
};

/** "media-jam-error" → "media-jam": the severity suffix does not change what to say. */
const keywordOf = (reason) => reason.trim().toLowerCase().replace(/-(error|warning|report)$/, "");

/** The string keys for a printer:status message, most important first, without repeats. */
export function reasonKeys(message) {
  const keys = [];
  for (const reason of String(message ?? "").split(",")) {
    const keyword = keywordOf(reason);
    if (keyword === "" || keyword === "none") continue;
    const key = Object.hasOwn(REASONS, keyword) ? REASONS[keyword] : "reasonOther";
    if (key && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** "slut på papper, en lucka är öppen", or "" when the printer gave no reason worth saying. */
export function printerReasonText(message) {
  return reasonKeys(message).map((key) => t(key)).join(", ");
}
