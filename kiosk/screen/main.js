// The kiosk screen's entry point: wires the buttons and forms to their modules and connects. The
// server decides everything (sessions, PINs, releases); this page shows its answers and fails
// closed when the server or the printer cannot be reached.
import { cancelLink, submitLink } from "./card-link.js";
import { send } from "./connection.js";
import { byId } from "./dom.js";
import { applyStaticStrings, onLanguageChange, setLanguage } from "./i18n.js";
import { cancelPin, submitPin } from "./pin.js";
import { wirePinPad } from "./pin-pad.js";
import { jobHandlers, release } from "./release.js";
import { render, say, useRenderParts } from "./render.js";
import { countdown, endSession, logout, showError, touched } from "./session.js";
import { wireSetup } from "./setup.js";
import { connect } from "./socket-events.js";
import { state } from "./state.js";

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
  wireSetup(connect);
  byId("link-form").addEventListener("submit", submitLink);
  byId("link-cancel").addEventListener("click", cancelLink);
  for (const radio of document.querySelectorAll('#link-form input[name="kind"]')) radio.addEventListener("change", () => render());
  byId("locked-back").addEventListener("click", () => endSession(""));
  wirePinPad({ onSubmit: submitPin, onCancel: cancelPin, onTyping: () => say("pin-message", "") });
}

useRenderParts({ jobHandlers, countdown });
applyStaticStrings(document);
wire();
connect();
