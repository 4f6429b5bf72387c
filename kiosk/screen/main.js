// The kiosk screen's controller: pairing, the socket's events, and which view is shown. The server
// decides everything (sessions, PINs, releases); this page shows its answers and fails closed
// when the server or the printer cannot be reached.
import { forgetToken, newIdempotencyKey, openSocket, pairWithCode, send, storedToken, storeToken } from "./connection.js";
import { Countdown } from "./countdown.js";
import { announce, byId, currentView, showView } from "./dom.js";
import { applyStaticStrings, language, onLanguageChange, setLanguage, t } from "./i18n.js";
import { renderJobs } from "./jobs-view.js";
import { resetPinPad, wirePinPad } from "./pin-pad.js";

const PRINTER_UNAVAILABLE = new Set(["offline", "stopped"]);
const ENDED_MESSAGE = { idle: "endedIdle", logout: "endedLogout", "second-tap": "endedLogout", locked: "endedLocked", disconnected: "endedDisconnected" };
const ERROR_MESSAGE = { timeout: "errorTimeout", "session-ended": "errorSessionEnded", "not-possible": "errorNotPossible", "too-many": "errorTooMany", unavailable: "errorUnavailable" };

const state = {
  socket: null,
  connection: "connecting", // unpaired | connecting | online | offline
  defaultLanguage: "sv",
  idleSeconds: 60,
  printer: { name: "", state: "unknown", message: "" },
  session: null, // { sessionId, displayName, jobs, pinPending }
  progress: new Map(), // jobId → { state, reason }
  finished: new Map(), // jobId → job, kept on screen after it left the held list (printed)
  selected: new Set(),
  pendingRelease: null, // { key, jobIds, pin } — the same key is resent on "Try again"
  pinMode: "session", // session | job
  jobPinIds: [],
  link: null, // { linkId }
  idleMessageKey: "",
  // Message lines by element id → string key, so a language switch rewrites them too.
  messages: new Map(),
};

const countdown = new Countdown(() => endSession("idle"));

// ---- rendering ----

const canPrint = () => state.connection === "online" && !PRINTER_UNAVAILABLE.has(state.printer.state);
const canAct = () => state.connection === "online";

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

function visibleJobs() {
  const held = state.session?.jobs ?? [];
  const listed = new Set(held.map((job) => job.id));
  return [...held, ...[...state.finished.values()].filter((job) => !listed.has(job.id))].sort((a, b) => a.id - b.id);
}

function render() {
  renderStatus();
  byId("session-bar").hidden = state.session === null;
  if (state.session) byId("person-name").textContent = state.session.displayName;
  byId("idle-message").textContent = state.idleMessageKey ? t(state.idleMessageKey) : "";
  byId("offline-message").textContent = state.idleMessageKey ? t(state.idleMessageKey) : "";
  byId("pin-heading").textContent = t(state.pinMode === "job" ? "jobPinHeading" : "pinHeading");
  byId("link-secret-label").textContent = t(linkKind() === "password" ? "linkSecretPassword" : "linkSecretCode");
  if (state.session && !state.session.pinPending) {
    renderJobs({ jobs: visibleJobs(), progress: state.progress, selected: state.selected, canPrint: canPrint(), canAct: canAct() }, jobHandlers);
  }
  for (const [id, key] of state.messages) byId(id).textContent = key ? t(key) : "";
  const retry = byId("retry-release");
  if (retry) retry.textContent = t("retry");
  if (countdown.running) countdown.render();
}

/** Shows a message line (key "" clears it); errors are also announced at once. */
function say(id, key, { assertive = false } = {}) {
  state.messages.set(id, key);
  byId(id).textContent = key ? t(key) : "";
  if (key && assertive) announce(t(key), { assertive: true });
}

/** The locked notice, which goes back to idle by itself: the next person should not find it there. */
const LOCKED_NOTICE_MS = 15_000;
let lockedTimer;
function showLocked() {
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
function showHome(options) {
  showView(state.connection === "online" ? "idle" : "offline", options);
}

// ---- sessions ----

function startSession(view, pinPending) {
  state.session = { sessionId: view.sessionId, displayName: view.displayName, jobs: view.jobs ?? [], pinPending };
  state.idleMessageKey = "";
  // A new person (a badge replaces an open session): nothing of the previous one stays on screen.
  state.progress.clear();
  state.finished.clear();
  state.selected.clear();
  state.pendingRelease = null;
  hideRetry();
  byId("job-list").replaceChildren();
  for (const id of ["jobs-message", "pin-message", "link-message"]) say(id, "");
  countdown.start(state.idleSeconds);
}

function endSession(reason) {
  state.session = null;
  state.progress.clear();
  state.finished.clear();
  state.selected.clear();
  state.pendingRelease = null;
  countdown.stop();
  hideRetry();
  byId("job-list").replaceChildren();
  say("jobs-message", "");
  state.idleMessageKey = ENDED_MESSAGE[reason] ?? "";
  // The next person starts in the kiosk's own language.
  setLanguage(state.defaultLanguage);
  if (reason === "locked") showLocked();
  else showHome();
  render();
  if (state.idleMessageKey) announce(t(state.idleMessageKey));
}

/** The server counted an action as activity: its idle clock restarted, so does ours. */
const touched = () => countdown.start(state.idleSeconds);

function showError(target, ack) {
  const code = ack.error?.code;
  if (code === "session-ended") {
    endSession("");
    state.idleMessageKey = "errorSessionEnded";
    render();
    return;
  }
  say(target, ERROR_MESSAGE[code] ?? "errorGeneric", { assertive: true });
}

// ---- releasing and deleting ----

async function release(jobIds, { pin, retry = false, confirmReprint = false } = {}) {
  if (!state.session || !canPrint()) return;
  const pending = retry && state.pendingRelease ? state.pendingRelease : { key: newIdempotencyKey(), jobIds, pin, confirmReprint };
  state.pendingRelease = pending;
  say("jobs-message", "");
  hideRetry();
  const targets = pending.jobIds === "all" ? state.session.jobs.filter((job) => job.state === "held").map((job) => job.id) : pending.jobIds;
  for (const id of targets) if (state.progress.get(id)?.state !== "printed") state.progress.set(id, { state: "sending" });
  render();
  const payload = { sessionId: state.session.sessionId, jobIds: pending.jobIds, idempotencyKey: pending.key };
  if (pending.pin) payload.pin = pending.pin;
  if (pending.confirmReprint) payload.confirmReprint = true;
  const ack = await send(state.socket, "session:release", payload);
  if (!state.session) return;
  if (!ack.ok) {
    if (ack.error?.code === "timeout") {
      // Maybe it printed, maybe not: only the same key may ask again, so nothing prints twice.
      for (const id of targets) if (state.progress.get(id)?.state === "sending") state.progress.set(id, { state: "uncertain" });
      showRetry();
      render();
      return;
    }
    state.pendingRelease = null;
    for (const id of targets) if (state.progress.get(id)?.state === "sending") state.progress.delete(id);
    render();
    showError("jobs-message", ack);
    return;
  }
  state.pendingRelease = null;
  touched();
  const needPin = [];
  for (const result of ack.results ?? []) {
    const now = state.progress.get(result.jobId)?.state;
    if (result.outcome === "accepted") {
      if (now !== "printed" && now !== "failed") state.progress.set(result.jobId, { state: "sending" });
    } else if (result.outcome === "failed") state.progress.set(result.jobId, { state: "failed", reason: result.reason });
    else if (result.outcome === "needs-pin") {
      state.progress.set(result.jobId, { state: "needs-pin" });
      needPin.push(result.jobId);
    } else if (result.outcome === "needs-confirmation") state.progress.delete(result.jobId); // its row warns; a second tap confirms
    else state.progress.set(result.jobId, { state: "gone" });
  }
  render();
  if (needPin.length > 0 && !pending.pin) askJobPin(needPin);
}

function showRetry() {
  let retry = byId("retry-release");
  if (!retry) {
    retry = document.createElement("button");
    retry.type = "button";
    retry.id = "retry-release";
    retry.className = "button primary";
    retry.addEventListener("click", () => release(null, { retry: true }));
    byId("jobs-message").after(retry);
  }
  retry.textContent = t("retry");
  retry.hidden = false;
  say("jobs-message", "stateUncertain", { assertive: true });
}

function hideRetry() {
  const retry = byId("retry-release");
  if (retry) retry.hidden = true;
  if (state.messages.get("jobs-message") === "stateUncertain") say("jobs-message", "");
}

async function deleteJob(id) {
  if (!state.session || !canAct()) return;
  const ack = await send(state.socket, "session:delete", { sessionId: state.session.sessionId, jobIds: [id] });
  if (!ack.ok) return showError("jobs-message", ack);
  touched();
  if ((ack.deleted ?? []).includes(id)) {
    state.session.jobs = state.session.jobs.filter((job) => job.id !== id);
    state.selected.delete(id);
    announce(t("deleted"));
  }
  render();
}

const jobHandlers = {
  onPrint: (id, options) => release([id], options),
  onDelete: (id) => deleteJob(id),
  onSelect: (id, checked) => {
    if (checked) state.selected.add(id);
    else state.selected.delete(id);
    render();
  },
};

function askJobPin(jobIds) {
  state.pinMode = "job";
  state.jobPinIds = jobIds;
  resetPinPad();
  say("pin-message", "");
  showView("pin");
  render();
  byId("pin-input").focus();
}

// ---- PIN, linking, setup ----

async function submitPin(pin) {
  if (!/^[0-9]{4,12}$/.test(pin)) {
    resetPinPad();
    say("pin-message", "pinTooShort", { assertive: true });
    return;
  }
  if (state.pinMode === "job") {
    state.pinMode = "session";
    showView("jobs");
    await release(state.jobPinIds, { pin });
    return;
  }
  if (!state.session) return;
  const ack = await send(state.socket, "session:pin", { sessionId: state.session.sessionId, pin });
  if (ack.ok) return; // session:started follows
  if (ack.error?.code === "not-authenticated") {
    touched();
    resetPinPad();
    say("pin-message", "pinWrong", { assertive: true });
  } else if (ack.error?.code === "locked") endSession("locked");
  else showError("pin-message", ack);
}

async function cancelPin() {
  if (state.pinMode === "job") {
    state.pinMode = "session";
    showView("jobs");
    render();
    return;
  }
  await logout();
}

async function logout() {
  if (!state.session) return;
  const ack = await send(state.socket, "session:logout", { sessionId: state.session.sessionId });
  // session:ended follows; without it (timeout, already over) the screen still goes back to idle.
  if (!ack.ok || state.session) endSession("logout");
}

const linkKind = () => document.querySelector('#link-form input[name="kind"]:checked')?.value ?? "password";

async function submitLink(event) {
  event.preventDefault();
  if (!state.link) return;
  const kind = linkKind();
  const raw = byId("link-secret").value;
  // Enrolment codes are printed upper case and grouped; the server compares exactly.
  const secret = kind === "enrolment-code" ? raw.toUpperCase().replace(/[\s-]/g, "") : raw;
  const ack = await send(state.socket, "card:link", { linkId: state.link.linkId, username: byId("link-username").value, secret, kind });
  byId("link-secret").value = "";
  if (ack.ok) {
    state.link = null;
    return; // session:started or session:pin-required follows
  }
  const code = ack.error?.code;
  if (code === "not-authenticated") say("link-message", "linkRefused", { assertive: true });
  else if (code === "not-possible") {
    state.link = null;
    state.idleMessageKey = "linkExpired";
    showView("idle");
    render();
    return;
  } else showError("link-message", ack);
}

function cancelLink() {
  state.link = null;
  byId("link-form").reset();
  showView(state.session ? (state.session.pinPending ? "pin" : "jobs") : "idle");
  render();
}

function showSetup(messageKey = "") {
  state.socket?.close();
  state.socket = null;
  state.connection = "unpaired";
  showView("setup");
  say("setup-message", messageKey);
  render();
}

async function submitPairing(event) {
  event.preventDefault();
  say("setup-message", "setupWorking");
  try {
    const result = await pairWithCode(byId("pair-code").value);
    if (result.ok) return connect();
    say("setup-message", result.status === 429 ? "setupTooMany" : result.status === 404 || result.status === 400 ? "setupCodeRefused" : "setupFailed", { assertive: true });
  } catch {
    say("setup-message", "setupFailed", { assertive: true });
  }
}

function submitToken(event) {
  event.preventDefault();
  storeToken(byId("token-input").value.trim());
  byId("token-input").value = "";
  connect();
}

// ---- the socket ----

function connect() {
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
    if (currentView() === "connecting" || currentView() === "idle") showHome({ focus: false });
    render();
  });
  socket.on("disconnect", (reason) => {
    state.connection = "offline";
    if (state.session) endSession("disconnected");
    if (["connecting", "idle", "link", "locked", "pin", "jobs"].includes(currentView())) showHome({ focus: false });
    render();
    // The server closed us on purpose (token replaced or revoked): socket.io will not retry by itself.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 2000);
  });
  socket.on("kiosk:hello", (hello) => {
    const first = ["connecting", "setup", "offline"].includes(currentView());
    state.printer = hello.printer;
    state.idleSeconds = hello.idleTimeoutSeconds;
    state.defaultLanguage = hello.language === "en" ? "en" : "sv";
    if (first) {
      if (!state.session) setLanguage(state.defaultLanguage);
      state.idleMessageKey = "";
      showView("idle");
    }
    render();
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
  socket.on("session:locked", () => {
    showLocked();
    render();
  });
  socket.on("card:unknown", (payload) => {
    state.link = { linkId: payload.linkId };
    byId("link-form").reset();
    say("link-message", "");
    showView("link");
    render();
  });
  socket.on("job:progress", (event) => {
    if (!state.session || event.sessionId !== state.session.sessionId) return;
    state.progress.set(event.jobId, { state: event.state, reason: event.reason });
    if (event.state === "printed") {
      const job = state.session.jobs.find((entry) => entry.id === event.jobId);
      if (job) state.finished.set(job.id, job);
      state.selected.delete(event.jobId);
      announce(t("announcePrinted"));
    } else if (event.state === "failed") announce(t("announceFailed"), { assertive: true });
    render();
  });
}

// ---- start ----

function wire() {
  for (const button of document.querySelectorAll(".language")) button.addEventListener("click", () => setLanguage(button.dataset.language));
  onLanguageChange(() => render());
  byId("extend").addEventListener("click", async () => {
    if (!state.session) return;
    const ack = await send(state.socket, "session:extend", { sessionId: state.session.sessionId });
    if (ack.ok) touched();
    else showError(state.session?.pinPending ? "pin-message" : "jobs-message", ack);
  });
  byId("logout").addEventListener("click", () => logout());
  byId("print-all").addEventListener("click", () => release("all"));
  byId("print-selected").addEventListener("click", () => release([...state.selected]));
  byId("pair-form").addEventListener("submit", submitPairing);
  byId("token-form").addEventListener("submit", submitToken);
  byId("link-form").addEventListener("submit", submitLink);
  byId("link-cancel").addEventListener("click", cancelLink);
  for (const radio of document.querySelectorAll('#link-form input[name="kind"]')) radio.addEventListener("change", () => render());
  byId("locked-back").addEventListener("click", () => endSession(""));
  wirePinPad({ onSubmit: submitPin, onCancel: cancelPin, onTyping: () => say("pin-message", "") });
}

applyStaticStrings(document);
wire();
connect();
