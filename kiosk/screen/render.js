// Draws the kiosk screen from its state: the status pills, the banner, the session bar, the job
// list and the message lines. Nothing here talks to the server.
import { announce, byId, currentView, showView } from "./dom.js";
import { language, t } from "./i18n.js";
import { renderJobs } from "./jobs-view.js";
import { canAct, canPrint, linkKind, PRINTER_UNAVAILABLE, state, visibleJobs } from "./state.js";

// The job list's buttons and the idle countdown belong to modules that call render(); main.js
// hands them over once at start, so this module imports none of them.
const parts = { jobHandlers: null, countdown: null };
export function useRenderParts({ jobHandlers, countdown }) {
  parts.jobHandlers = jobHandlers;
  parts.countdown = countdown;
}

function renderStatus() {
  const server = { unpaired: ["warn", "?", "serverUnpaired"], connecting: ["warn", "…", "serverConnecting"], online: ["ok", "✓", "serverOnline"], offline: ["bad", "✗", "serverOffline"] }[state.connection];
  setPill("server-status", ...server);
  // Without the server the printer's state is not known any more: say so rather than show a stale "ready".
  const printerState = state.connection === "online" ? state.printer.state : "unknown";
  const printer = { idle: ["ok", "✓", "printerReady"], processing: ["ok", "✓", "printerBusy"], stopped: ["bad", "✗", "printerStopped"], offline: ["bad", "✗", "printerOffline"] }[printerState] ?? ["warn", "?", "printerUnknown"];
  setPill("printer-status", ...printer);
  byId("printer-name").textContent = state.printer.name;
  byId("printer-name").parentElement.style.visibility = state.printer.name ? "visible" : "hidden";
  const bannerKey = state.connection === "offline" ? "bannerServerOffline" : PRINTER_UNAVAILABLE.has(state.printer.state) ? "bannerPrinterOffline" : "";
  byId("banner").hidden = bannerKey === "";
  byId("banner-text").textContent = bannerKey ? t(bannerKey) : "";
  // Fail closed: with no server nothing on the page can be operated, only the language switch.
  const closed = state.connection !== "online" && currentView() !== "setup";
  byId("main").inert = closed;
  byId("session-bar").inert = closed;
  for (const button of document.querySelectorAll(".language")) button.setAttribute("aria-pressed", String(button.dataset.language === language()));
}

function setPill(id, tone, icon, key) {
  const pill = byId(id);
  pill.dataset.tone = tone;
  pill.querySelector(".pill-icon").textContent = icon;
  pill.querySelector(".pill-text").textContent = t(key);
}

export function render() {
  renderStatus();
  byId("session-bar").hidden = state.session === null;
  if (state.session) byId("person-name").textContent = state.session.displayName;
  byId("idle-message").textContent = state.idleMessageKey ? t(state.idleMessageKey) : "";
  byId("offline-message").textContent = state.idleMessageKey ? t(state.idleMessageKey) : "";
  byId("pin-heading").textContent = t(state.pinMode === "job" ? "jobPinHeading" : "pinHeading");
  byId("link-secret-label").textContent = t(linkKind() === "password" ? "linkSecretPassword" : "linkSecretCode");
  if (state.session && !state.session.pinPending) {
    renderJobs({ jobs: visibleJobs(), progress: state.progress, selected: state.selected, canPrint: canPrint(), canAct: canAct() }, parts.jobHandlers);
  }
  for (const [id, key] of state.messages) byId(id).textContent = key ? t(key) : "";
  const retry = byId("retry-release");
  if (retry) retry.textContent = t("retry");
  if (parts.countdown?.running) parts.countdown.render();
}

/** Shows a message line (key "" clears it); errors are also announced at once. */
export function say(id, key, { assertive = false } = {}) {
  state.messages.set(id, key);
  byId(id).textContent = key ? t(key) : "";
  if (key && assertive) announce(t(key), { assertive: true });
}

/** The locked notice, which goes back to idle by itself: the next person should not find it there. */
const LOCKED_NOTICE_MS = 15_000;
let lockedTimer;
export function showLocked() {
  showView("locked");
  clearTimeout(lockedTimer);
  lockedTimer = setTimeout(() => {
    if (currentView() === "locked") {
      showHome();
      render();
    }
  }, LOCKED_NOTICE_MS);
}

/** Idle when the server is there; otherwise the "no contact" view, which offers nothing to press. */
export function showHome(options) {
  showView(state.connection === "online" ? "idle" : "offline", options);
}
