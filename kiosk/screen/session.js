// One person's session on the screen: it starts when the server says so, and ends on the server's
// word, on logout, or when the idle countdown runs out; nothing of it stays for the next person.
import { send } from "./connection.js";
import { Countdown } from "./countdown.js";
import { disarmDelete } from "./action-bar.js";
import { autoLogoutRunning, cancelAutoLogout } from "./auto-logout.js";
import { announce, byId } from "./dom.js";
import { setLanguage, t } from "./i18n.js";
import { render, say, setIdleMessage, showHome, showLocked } from "./render.js";
import { state } from "./state.js";

const ENDED_MESSAGE = { released: "endedPrinting", idle: "endedIdle", logout: "endedLogout", "second-tap": "endedLogout", locked: "endedLocked", disconnected: "endedDisconnected" };
const ERROR_MESSAGE = { timeout: "errorTimeout", "session-ended": "errorSessionEnded", "not-possible": "errorNotPossible", "too-many": "errorTooMany", unavailable: "errorUnavailable" };

export const countdown = new Countdown(() => endSession("idle"));

/** Forgets the jobs on screen, their progress and any release waiting for "Try again". */
function clearJobs() {
  state.progress.clear();
  state.finished.clear();
  state.selected.clear();
  state.pendingRelease = null;
  hideRetry();
  cancelAutoLogout();
  disarmDelete();
  byId("job-list").replaceChildren();
}

export function startSession(view, pinPending) {
  state.session = { sessionId: view.sessionId, displayName: view.displayName, jobs: view.jobs ?? [], pinPending };
  setIdleMessage("");
  // A new person (a badge replaces an open session): nothing of the previous one stays on screen.
  clearJobs();
  for (const id of ["jobs-message", "pin-message", "link-message"]) say(id, "");
  countdown.start(state.idleSeconds);
}

// Set by a logout the screen asked for, so the idle screen says why ("Dina dokument skrivs ut.").
let endingMessage = "";

/** lockedUntil: for reason "locked", when the lock ends (ISO), if the server said. */
export function endSession(reason, { lockedUntil = null } = {}) {
  // A second screen of the kiosk may have logged out first, for the same reason as ours.
  const allPrinted = autoLogoutRunning() && reason === "logout";
  state.session = null;
  countdown.stop();
  // At once and completely: no name or title of this person stays in the page, hidden or not.
  clearJobs();
  byId("person-name").textContent = "";
  say("jobs-message", "");
  setIdleMessage(endingMessage || (allPrinted ? "endedAllPrinted" : (ENDED_MESSAGE[reason] ?? "")));
  endingMessage = "";
  // The next person starts in the kiosk's own language.
  setLanguage(state.defaultLanguage);
  if (reason === "locked") showLocked(lockedUntil);
  else showHome();
  render();
  if (state.idleMessageKey) announce(t(state.idleMessageKey));
}

/** The server counted an action as activity: its idle clock restarted, so does ours. */
export function touched() {
  cancelAutoLogout();
  countdown.start(state.idleSeconds);
}

export function showError(target, ack) {
  const code = ack.error?.code;
  if (code === "session-ended") {
    endSession("");
    setIdleMessage("errorSessionEnded");
    render();
    return;
  }
  say(target, ERROR_MESSAGE[code] ?? "errorGeneric", { assertive: true });
}

export function hideRetry() {
  const retry = byId("retry-release");
  if (retry) retry.hidden = true;
  if (state.messages.get("jobs-message")?.key === "stateUncertain") say("jobs-message", "");
}

/** messageKey: what the idle screen then says ("endedLogout" unless the caller knows better). */
export async function logout(messageKey = "endedLogout") {
  if (!state.session) return;
  endingMessage = messageKey;
  const ack = await send(state.socket, "session:logout", { sessionId: state.session.sessionId });
  // session:ended follows; without it (timeout, already over) the screen still goes back to idle.
  if (!ack.ok || state.session) endSession("logout");
  endingMessage = "";
}
