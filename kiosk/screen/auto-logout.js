// Logging out by itself once everything the person chose has printed, a few seconds later
// (PRINTVAKT_KIOSK_LOGOUT_AFTER_PRINTING, told in kiosk:hello): people take their paper and walk
// away, and their titles should not stay on screen for the next person. "Mer tid" or any other
// action stops it.
import { announce, byId } from "./dom.js";
import { t } from "./i18n.js";
import { state } from "./state.js";

// Progress that means "chosen, and settled without needing the person": printed, or gone from the list.
const SETTLED = new Set(["printed", "deleted", "gone"]);
let timer;
let deadline = 0;
let onDue = () => {};

/** `due` runs when the time is up (main.js: log out). */
export function wireAutoLogout(due) {
  onDue = due;
}

/** After progress: starts the short countdown when everything chosen has printed. */
export function checkAllPrinted() {
  if (!state.session || state.autoLogoutSeconds <= 0 || timer !== undefined || state.pendingRelease) return;
  const states = [...state.progress.values()].map((progress) => progress.state);
  if (!states.includes("printed") || !states.every((value) => SETTLED.has(value))) return;
  deadline = Date.now() + state.autoLogoutSeconds * 1000;
  timer = setInterval(tick, 250);
  tick();
  announce(byId("auto-logout").textContent);
}

function tick() {
  const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  const line = byId("auto-logout");
  line.hidden = false;
  line.textContent = t("loggingOutSoon", { seconds: left });
  if (left === 0) {
    cancelAutoLogout();
    onDue();
  }
}

/** Whether the short countdown is on (another screen of the kiosk may end the session first). */
export const autoLogoutRunning = () => timer !== undefined;

export function cancelAutoLogout() {
  clearInterval(timer);
  timer = undefined;
  const line = byId("auto-logout");
  line.hidden = true;
  line.textContent = "";
}
