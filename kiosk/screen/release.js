// Printing and deleting held jobs from the list. A release carries an idempotency key, and after a
// timeout only that same key may ask again, so an unanswered release never prints twice.
import { newIdempotencyKey, send } from "./connection.js";
import { disarmDelete } from "./action-bar.js";
import { cancelAutoLogout } from "./auto-logout.js";
import { announce, byId, showView } from "./dom.js";
import { t } from "./i18n.js";
import { resetPinPad } from "./pin-pad.js";
import { render, say } from "./render.js";
import { hideRetry, logout, showError, touched } from "./session.js";
import { canAct, canPrint, state } from "./state.js";

/** thenLogout: once the release is accepted the person is logged out at once; the jobs still print. */
export async function release(jobIds, { pin, retry = false, confirmReprint = false, thenLogout = false } = {}) {
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
    } else if (result.outcome === "failed") state.progress.set(result.jobId, { state: "failed", reason: result.reason, code: result.code });
    else if (result.outcome === "needs-pin") {
      state.progress.set(result.jobId, { state: "needs-pin" });
      needPin.push(result.jobId);
    } else if (result.outcome === "needs-confirmation") state.progress.delete(result.jobId); // its row warns; a second tap confirms
    else state.progress.set(result.jobId, { state: "gone" });
  }
  render();
  // "Print all and log out" with documents that have their own PIN: the pad first, then out.
  if (needPin.length > 0 && !pending.pin) return askJobPin(needPin, thenLogout);
  if (pending.pin && needPin.length > 0) return sayWrongJobPin(ack.results);
  if (thenLogout && (ack.results ?? []).some((result) => result.outcome === "accepted")) await logout("endedPrinting");
}

/** A job PIN was given and refused: say so (it counts towards the account lock). */
function sayWrongJobPin(results) {
  const refused = results.find((result) => result.outcome === "needs-pin" && (result.triesLeft !== undefined || result.lockedUntil !== undefined));
  if (refused?.lockedUntil) return; // the lock ends the session: session:ended and session:locked follow
  if (refused?.triesLeft !== undefined) say("jobs-message", "jobPinWrongLeft", { assertive: true, values: { count: refused.triesLeft } });
  else say("jobs-message", "jobPinWrong", { assertive: true });
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

/** Deletes these jobs (one row's Delete, or the action bar's Delete for the chosen ones). */
export async function deleteJobs(ids) {
  if (!state.session || !canAct() || ids.length === 0) return;
  const ack = await send(state.socket, "session:delete", { sessionId: state.session.sessionId, jobIds: ids });
  if (!ack.ok) return showError("jobs-message", ack);
  touched();
  const deleted = new Set(ack.deleted ?? []);
  if (deleted.size > 0 && state.session) {
    state.session.jobs = state.session.jobs.filter((job) => !deleted.has(job.id));
    for (const id of deleted) state.selected.delete(id);
    announce(deleted.size === 1 ? t("deleted") : t("deletedCount", { count: deleted.size }));
  }
  render();
}

export const jobHandlers = {
  onPrint: (id, options) => release([id], options),
  onDelete: (id) => deleteJobs([id]),
  onSelect: (id, checked) => {
    cancelAutoLogout();
    disarmDelete();
    if (checked) state.selected.add(id);
    else state.selected.delete(id);
    render();
  },
};

function askJobPin(jobIds, thenLogout) {
  state.pinMode = "job";
  // Newest first, as the list: the pad names the newest and counts the rest.
  state.jobPinIds = [...jobIds].sort((a, b) => b - a);
  state.jobPinThenLogout = thenLogout;
  resetPinPad();
  say("pin-message", "");
  showView("pin");
  render();
  byId("pin-input").focus();
}
