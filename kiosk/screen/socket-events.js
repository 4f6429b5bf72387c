// The socket to the server and what the page does on each of its events: the server's word decides
// which view is shown. Without the socket the page fails closed (see render.js).
import { forgetToken, openSocket, storedToken } from "./connection.js";
import { announce, byId, currentView, showView } from "./dom.js";
import { setLanguage, t } from "./i18n.js";
import { checkAllPrinted } from "./auto-logout.js";
import { startLinkCountdown } from "./link-view.js";
import { resetPinPad } from "./pin-pad.js";
import { render, say, setIdleMessage, showHome, showLocked } from "./render.js";
import { endSession, startSession } from "./session.js";
import { showSetup } from "./setup.js";
import { state } from "./state.js";
import { badgeAnswered, enterStatusMode, releaseFinished } from "./status-view.js";

export function connect() {
  const token = storedToken();
  if (!token) return showSetup();
  state.connection = "connecting";
  showView("connecting");
  render();
  const socket = openSocket(token);
  state.socket = socket;
  socket.on("connect", () => {
    state.connection = "online";
    render();
  });
  socket.on("connect_error", (error) => {
    if (error.message === "unauthorized") {
      // A refused token will not start working by itself: ask for a new pairing.
      forgetToken();
      showSetup("setupTokenRefused");
      return;
    }
    state.connection = "offline";
    if (["connecting", "idle", "status"].includes(currentView())) showHome({ focus: false });
    render();
  });
  socket.on("disconnect", (reason) => {
    state.connection = "offline";
    if (state.session) endSession("disconnected");
    if (["connecting", "idle", "status", "link", "locked", "pin", "jobs"].includes(currentView())) showHome({ focus: false });
    render();
    // The server closed us on purpose (token replaced or revoked): socket.io will not retry by itself.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 2000);
  });
  socket.on("kiosk:hello", (hello) => {
    const first = ["connecting", "setup", "offline"].includes(currentView());
    state.printer = hello.printer;
    state.idleSeconds = hello.idleTimeoutSeconds;
    state.defaultLanguage = hello.language === "en" ? "en" : "sv";
    state.autoLogoutSeconds = Number.isInteger(hello.logoutAfterPrintingSeconds) ? hello.logoutAfterPrintingSeconds : 0;
    state.contact = typeof hello.contact === "string" ? hello.contact : "";
    enterStatusMode(hello);
    if (first) {
      if (!state.session) setLanguage(state.defaultLanguage);
      setIdleMessage("");
      showHome();
    }
    render();
  });
  // Reader-only kiosks: what each badge did, then how its printing ended (no titles, no names).
  socket.on("badge:answered", (answer) => {
    if (state.statusMode) badgeAnswered(answer);
  });
  socket.on("release:finished", (result) => {
    if (state.statusMode) releaseFinished(result);
  });
  socket.on("printer:status", (status) => {
    state.printer = { ...state.printer, ...status };
    render();
  });
  socket.on("session:pin-required", (payload) => {
    startSession({ sessionId: payload.sessionId, displayName: payload.displayName, jobs: [] }, true);
    state.pinMode = "session";
    resetPinPad();
    showView("pin");
    render();
    byId("pin-input").focus();
  });
  socket.on("session:started", (view) => {
    startSession(view, false);
    showView("jobs");
    render();
    announce(t("announceLoggedIn", { count: view.jobs.length }));
  });
  socket.on("session:updated", (view) => {
    if (!state.session || view.sessionId !== state.session.sessionId) return;
    state.session.jobs = view.jobs;
    render();
  });
  socket.on("session:ended", (payload) => {
    if (state.session && payload.sessionId !== state.session.sessionId) return;
    if (payload.reason === "replaced") return; // the next session:started follows at once
    if (state.session || currentView() === "pin") endSession(payload.reason);
  });
  socket.on("session:locked", (payload) => {
    showLocked(payload?.lockedUntil ?? null);
    render();
  });
  socket.on("card:unknown", (payload) => {
    state.link = { linkId: payload.linkId };
    byId("link-form").reset();
    startLinkCountdown(payload.expiresInSeconds);
    say("link-message", "");
    showView("link");
    render();
  });
  socket.on("job:progress", (event) => {
    if (!state.session || event.sessionId !== state.session.sessionId) return;
    state.progress.set(event.jobId, { state: event.state, reason: event.reason, code: event.code, retryAt: event.retryAt });
    if (event.state === "printed") {
      const job = state.session.jobs.find((entry) => entry.id === event.jobId);
      if (job) state.finished.set(job.id, job);
      state.selected.delete(event.jobId);
      announce(t("announcePrinted"));
    } else if (event.state === "failed") announce(t("announceFailed"), { assertive: true });
    render();
    checkAllPrinted();
  });
}
