// Pairing the kiosk with the server, by a one-time code or by pasting a token. Once paired the
// caller's onPaired connects; a refused token brings the page back here.
import { pairWithCode, storeToken } from "./connection.js";
import { byId, showView } from "./dom.js";
import { render, say } from "./render.js";
import { state } from "./state.js";

export function showSetup(messageKey = "") {
  state.socket?.close();
  state.socket = null;
  state.connection = "unpaired";
  showView("setup");
  say("setup-message", messageKey);
  render();
}

async function submitPairing(event, onPaired) {
  event.preventDefault();
  say("setup-message", "setupWorking");
  try {
    const result = await pairWithCode(byId("pair-code").value);
    if (result.ok) return onPaired();
    say("setup-message", result.status === 429 ? "setupTooMany" : result.status === 404 || result.status === 400 ? "setupCodeRefused" : "setupFailed", { assertive: true });
  } catch {
    say("setup-message", "setupFailed", { assertive: true });
  }
}

function submitToken(event, onPaired) {
  event.preventDefault();
  storeToken(byId("token-input").value.trim());
  byId("token-input").value = "";
  onPaired();
}

/** Wires the two setup forms; onPaired runs once the kiosk holds a token. */
export function wireSetup(onPaired) {
  byId("pair-form").addEventListener("submit", (event) => submitPairing(event, onPaired));
  byId("token-form").addEventListener("submit", (event) => submitToken(event, onPaired));
}
