// The status view of /kiosk, for a reader-only kiosk (created with --release-on-badge, told in
// kiosk:hello): the printer prints at the badge, and this screen only says what the last badge did
// ("badge:answered"), then how the printing ended ("release:finished"). The server sends outcomes
// and counts only, never a title or a name: this screen stands where anyone passing can read it.
import { announce, byId } from "./dom.js";
import { setLanguage, t } from "./i18n.js";
import { beep } from "./status-sound.js";
import { state } from "./state.js";

// outcome → [tone and reader signal, heading key, detail key]. The signals are those of
// core/badge-answer.ts (signalFor), which the agent gives on the reader's buzzer or light.
const OUTCOMES = {
  printing: ["success", "badgePrinting", ""],
  "nothing-to-print": ["attention", "badgeNothing", "badgeNothingDetail"],
  "pin-needed": ["attention", "badgePinNeeded", "badgeUseScreenKiosk"],
  "cannot-print-here": ["failure", "badgeCannotPrint", "badgeCannotPrintDetail"],
  "card-unknown": ["failure", "badgeCardUnknown", "badgeCardUnknownDetail"],
  "card-refused": ["failure", "badgeCardRefused", "badgeCardRefusedDetail"],
};

// release:finished outcome → [tone, key]; "no-jobs" was already said by the badge's answer.
const FINISHED = {
  printed: ["success", "finishedPrinted"],
  "partly-printed": ["attention", "finishedPartly"],
  "may-have-printed": ["attention", "finishedMayHave"],
  "nothing-printed": ["failure", "finishedNothing"],
};

const ICONS = { success: "✓", attention: "⚠", failure: "✗" };
/** How long the outcome stays before the screen asks for the next card again. */
const SHOWN_MS = 12_000;

// What is on screen: { tone, key, values, detailKey, detailValues, sessionId } or null for the prompt.
let shown = null;
let clearTimer;

/** kiosk:hello said this kiosk is reader-only: the status view replaces idle, PIN, jobs and linking. */
export function enterStatusMode(hello) {
  state.statusMode = hello?.kiosk?.releaseOnBadge === true;
  state.statusSound = hello?.statusSound === true;
}

export function badgeAnswered(answer) {
  const [tone, key, detailKey] = OUTCOMES[answer?.outcome] ?? ["failure", "badgeCardRefused", ""];
  const printing = Number.isInteger(answer?.printing) ? answer.printing : 0;
  const needPin = Number.isInteger(answer?.needPin) ? answer.needPin : 0;
  const pinDetail = needPin === 1 ? "badgeNeedPinTooOne" : "badgeNeedPinToo";
  const detail = answer?.outcome === "printing" && needPin > 0 ? pinDetail : detailKey;
  const heading = key === "badgePrinting" && printing === 1 ? "badgePrintingOne" : key;
  show({ tone, key: heading, values: { count: printing }, detailKey: detail, detailValues: { count: needPin }, sessionId: answer?.sessionId ?? null });
}

export function releaseFinished(result) {
  const finished = FINISHED[result?.outcome];
  // Only the end of the release on screen: an earlier badge's may end after the next person badged.
  if (!finished || shown === null || !shown.sessionId || result.sessionId !== shown.sessionId) return;
  const [tone, key] = finished;
  show({ ...shown, tone, key, values: {}, detailKey: tone === "success" ? "" : "finishedKept", detailValues: {} });
}

function show(next) {
  shown = next;
  if (state.statusSound) beep(next.tone);
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => {
    shown = null;
    // The next person reads the kiosk's own language.
    setLanguage(state.defaultLanguage);
    renderStatusView();
  }, SHOWN_MS);
  renderStatusView();
  announce([t(next.key, next.values), next.detailKey ? t(next.detailKey, next.detailValues) : ""].filter(Boolean).join(" "));
}

/** The prompt for a card, or the last badge's outcome in large type, with one line of detail. */
export function renderStatusView() {
  const box = byId("status-box");
  box.dataset.tone = shown?.tone ?? "prompt";
  byId("status-icon").textContent = shown ? ICONS[shown.tone] : "";
  byId("status-text").textContent = shown ? t(shown.key, shown.values) : t("idleHeading");
  let detail = t("statusHint");
  if (shown?.detailKey === "badgeCardRefusedDetail") detail = t(shown.detailKey, { contact: state.contact || t("contactDefault") });
  else if (shown) detail = shown.detailKey ? t(shown.detailKey, shown.detailValues) : "";
  byId("status-detail").textContent = detail;
  byId("status-detail").hidden = detail === "";
}
