// Draws the kiosk screen from its state: the status pills, the banner, the session bar, the job
// list and the message lines. Nothing here talks to the server.
import { announce, byId, currentView, showView } from "./dom.js";
import { formatClockMinutes, language, setLanguage, t } from "./i18n.js";
import { renderActionBar } from "./action-bar.js";
import { renderJobs } from "./jobs-view.js";
import { renderLink } from "./link-view.js";
import { printerReasonText } from "./printer-reasons.js";
import { canAct, canPrint, openJobIds, PRINTER_UNAVAILABLE, state, visibleJobs } from "./state.js";
import { renderStatusView } from "./status-view.js";

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
  // Staff need the connection only when it is missing: "connected" is noise on a one-line header.
  byId("server-status").hidden = state.connection === "online";
  // Without the server the printer's state is not known any more: no stale "ready", and no "unknown"
  // either — the banner and the view already say there is no contact (review K10: said four times).
  const printerState = state.connection === "online" ? state.printer.state : "unknown";
  byId("printer-status").hidden = state.connection !== "online";
  const printer = { idle: ["ok", "✓", "printerReady"], processing: ["ok", "✓", "printerBusy"], stopped: ["bad", "✗", "printerStopped"], offline: ["bad", "✗", "printerOffline"] }[printerState] ?? ["warn", "?", "printerUnknown"];
  // A printer that still takes jobs but reports a problem (out of paper, a door open: what a failed
  // print makes the server ask at once) says so in the pill, in the person's words.
  const problem = printer[0] === "ok" ? printerReasonText(state.printer.message) : "";
  if (problem) setPill("printer-status", "warn", "⚠", "printerProblem", { reason: problem });
  else setPill("printer-status", ...printer);
  byId("printer-name").textContent = state.printer.name;
  byId("printer-name").parentElement.style.visibility = state.printer.name ? "visible" : "hidden";
  const printerDown = PRINTER_UNAVAILABLE.has(state.printer.state);
  // A reader-only kiosk's status view has nothing to delete: its banner does not offer it.
  const bannerKey = state.connection === "offline" ? "bannerServerOffline" : printerDown ? (state.statusMode ? "bannerPrinterOfflineStatus" : "bannerPrinterOffline") : "";
  const reason = printerDown && state.connection !== "offline" ? printerReasonText(state.printer.message) : "";
  byId("banner").hidden = bannerKey === "";
  byId("banner-text").textContent = [reason ? t("bannerPrinterReason", { reason }) : "", bannerKey ? t(bannerKey) : ""].filter(Boolean).join(" ");
  // Fail closed: with no server nothing on the page can be operated, only the language switch. The
  // views are made inert, not <main>, so the main landmark and the offline heading stay readable.
  const closed = state.connection !== "online" && currentView() !== "setup";
  for (const view of document.querySelectorAll("main > .view")) view.inert = closed && view.id !== "view-offline";
  byId("session-bar").inert = closed;
  for (const button of document.querySelectorAll(".language")) button.setAttribute("aria-pressed", String(button.dataset.language === language()));
}

function setPill(id, tone, icon, key, values = {}) {
  const pill = byId(id);
  pill.dataset.tone = tone;
  pill.querySelector(".pill-icon").textContent = icon;
  pill.querySelector(".pill-text").textContent = t(key, values);
}

export function render() {
  renderStatus();
  byId("session-bar").hidden = state.session === null;
  if (state.session) byId("person-name").textContent = state.session.displayName;
  byId("idle-message").textContent = state.idleMessageKey ? t(state.idleMessageKey) : "";
  byId("offline-message").textContent = state.idleMessageKey ? t(state.idleMessageKey) : "";
  renderPinHeading();
  renderLink();
  renderLocked();
  if (state.statusMode) renderStatusView();
  if (state.session && !state.session.pinPending) {
    const view = { jobs: visibleJobs(), open: openJobIds(), progress: state.progress, selected: state.selected, canPrint: canPrint(), canAct: canAct() };
    renderJobs(view, parts.jobHandlers);
    renderActionBar(view);
  }
  for (const [id, { key, values }] of state.messages) byId(id).textContent = key ? t(key, values) : "";
  const retry = byId("retry-release");
  if (retry) retry.textContent = t("retry");
  if (parts.countdown?.running) parts.countdown.render();
}

/** "Ange din PIN-kod", or for a job's own PIN which document it is for ("Lönebesked.pdf och 1 till"). */
function renderPinHeading() {
  const forJob = state.pinMode === "job";
  byId("pin-heading-text").textContent = t(forJob ? "jobPinHeading" : "pinHeading");
  const titles = forJob ? state.jobPinIds.map((id) => state.session?.jobs.find((job) => job.id === id)?.title).filter(Boolean) : [];
  const line = byId("pin-document");
  line.hidden = titles.length === 0;
  line.textContent = titles.length > 1 ? t("pinDocumentsMore", { title: titles[0], count: titles.length - 1 }) : (titles[0] ?? "");
}

/** Until when the account is locked (when the server said) and whom to ask, set by the admin. */
function renderLocked() {
  const until = state.lockedUntil ? new Date(state.lockedUntil) : null;
  byId("locked-until").textContent = until ? t("lockedUntil", { time: formatClockMinutes(until.toISOString()) }) : t("lockedLater");
  const contact = byId("locked-contact");
  contact.textContent = state.contact || t("contactDefault");
  // The admin's text is data; the fallback is one of our strings.
  contact.toggleAttribute("data-value", Boolean(state.contact));
}

/**
 * Why the last person's session ended, on the idle screen: for them, not for the next person, so
 * it goes after a few seconds (and is not shown in the error colour, see index.html).
 */
const IDLE_MESSAGE_MS = 8000;
let idleMessageTimer;
export function setIdleMessage(key) {
  state.idleMessageKey = key;
  clearTimeout(idleMessageTimer);
  if (key) {
    idleMessageTimer = setTimeout(() => {
      state.idleMessageKey = "";
      render();
    }, IDLE_MESSAGE_MS);
  }
}

/** Shows a message line (key "" clears it); errors are also announced at once. */
export function say(id, key, { assertive = false, values = {} } = {}) {
  state.messages.set(id, { key, values });
  byId(id).textContent = key ? t(key, values) : "";
  if (key && assertive) announce(t(key, values), { assertive: true });
}

/** The locked notice, which goes back to idle by itself: the next person should not find it there. */
const LOCKED_NOTICE_MS = 15_000;
let lockedTimer;
export function showLocked(lockedUntil) {
  state.lockedUntil = lockedUntil ?? null;
  renderLocked();
  showView("locked");
  clearTimeout(lockedTimer);
  lockedTimer = setTimeout(() => {
    if (currentView() === "locked") {
      // The next person starts in the kiosk's own language.
      setLanguage(state.defaultLanguage);
      showHome();
      render();
    }
  }, LOCKED_NOTICE_MS);
}

/**
 * Idle (a reader-only kiosk: its status view) when the server is there; otherwise the "no contact"
 * view, which offers nothing to press.
 */
export function showHome(options) {
  showView(state.connection !== "online" ? "offline" : state.statusMode ? "status" : "idle", options);
}
