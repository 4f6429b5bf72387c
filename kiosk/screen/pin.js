// The PIN step: the session's own PIN after a badge, or a job's PIN before it may print.
import { send } from "./connection.js";
import { showView } from "./dom.js";
import { resetPinPad } from "./pin-pad.js";
import { release } from "./release.js";
import { render, say, showLocked } from "./render.js";
import { endSession, logout, showError, touched } from "./session.js";
import { state } from "./state.js";

export async function submitPin(pin) {
  if (!/^[0-9]{4,12}$/.test(pin)) {
    resetPinPad();
    say("pin-message", "pinTooShort", { assertive: true });
    return;
  }
  if (state.pinMode === "job") {
    state.pinMode = "session";
    showView("jobs");
    await release(state.jobPinIds, { pin, thenLogout: state.jobPinThenLogout });
    return;
  }
  if (!state.session) return;
  const ack = await send(state.socket, "session:pin", { sessionId: state.session.sessionId, pin });
  if (ack.ok) return; // session:started follows
  if (ack.error?.code === "not-authenticated") {
    touched();
    resetPinPad();
    // The server says how many tries are left before the lock; older servers do not.
    const triesLeft = ack.error.triesLeft;
    if (Number.isInteger(triesLeft)) say("pin-message", "pinWrongLeft", { assertive: true, values: { count: triesLeft } });
    else say("pin-message", "pinWrong", { assertive: true });
  } else if (ack.error?.code === "locked") {
    // session:ended may already have taken the session away; the lock's end comes with the answer.
    if (state.session) endSession("locked", { lockedUntil: ack.error.lockedUntil ?? null });
    else showLocked(ack.error.lockedUntil ?? null);
  }
  else showError("pin-message", ack);
}

export async function cancelPin() {
  if (state.pinMode === "job") {
    state.pinMode = "session";
    showView("jobs");
    render();
    return;
  }
  await logout();
}
