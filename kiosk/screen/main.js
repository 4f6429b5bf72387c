// The kiosk screen's entry point: wires the buttons and forms to their modules and connects. The
// server decides everything (sessions, PINs, releases); this page shows its answers and fails
// closed when the server or the printer cannot be reached.
import { tapDelete } from "./action-bar.js";
import { wireAutoLogout } from "./auto-logout.js";
import { cancelLink, linkExpired, submitLink } from "./card-link.js";
import { send } from "./connection.js";
import { byId } from "./dom.js";
import { applyStaticStrings, onLanguageChange, setLanguage } from "./i18n.js";
import { cancelPin, submitPin } from "./pin.js";
import { wirePinPad } from "./pin-pad.js";
import { wireLinkView } from "./link-view.js";
import { deleteJobs, jobHandlers, release } from "./release.js";
import { render, say, useRenderParts } from "./render.js";
import { countdown, endSession, logout, showError, touched } from "./session.js";
import { wireSetup } from "./setup.js";
import { connect } from "./socket-events.js";
import { openJobIds, state } from "./state.js";

/** What the action bar acts on: the selected jobs, or all of them when none is selected. */
const chosen = () => (state.selected.size > 0 ? [...state.selected] : "all");

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
  byId("print-chosen").addEventListener("click", () => release(chosen()));
  byId("print-chosen-logout").addEventListener("click", () => release(chosen(), { thenLogout: true }));
  byId("delete-chosen").addEventListener("click", () => tapDelete(() => deleteJobs(state.selected.size > 0 ? [...state.selected] : openJobIds()), render));
  byId("select-all").addEventListener("click", () => {
    const open = openJobIds();
    const all = open.length > 0 && open.every((id) => state.selected.has(id));
    for (const id of open) all ? state.selected.delete(id) : state.selected.add(id);
    render();
  });
  wireLinkView({ expired: linkExpired });
  wireAutoLogout(() => logout("endedAllPrinted"));
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
