// Printing and deleting held jobs from the list. A release carries an idempotency key, and after a
// timeout only that same key may ask again, so an unanswered release never prints twice.
import { newIdempotencyKey, send } from "./connection.js";
import { announce, byId, showView } from "./dom.js";
import { t } from "./i18n.js";
import { resetPinPad } from "./pin-pad.js";
import { render, say } from "./render.js";
import { hideRetry, showError, touched } from "./session.js";
import { canAct, canPrint, state } from "./state.js";

export async function release(jobIds, { pin, retry = false, confirmReprint = false } = {}) {
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

export const jobHandlers = {
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
