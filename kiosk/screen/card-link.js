// Linking an unknown badge to an account: the person proves who they are with a one-time
// enrolment code (alone, typed on the screen's keys) or a user name and password, and the server
// then starts their session as if the badge had been known. A wrong try can be corrected within
// the link's time; when it runs out the screen says so and goes back to idle.
import { send } from "./connection.js";
import { byId, showView } from "./dom.js";
import { setLanguage } from "./i18n.js";
import { stopLinkCountdown } from "./link-view.js";
import { render, say, setIdleMessage } from "./render.js";
import { showError } from "./session.js";
import { linkKind, state } from "./state.js";

export async function submitLink(event) {
  event.preventDefault();
  if (!state.link) return;
  const kind = linkKind();
  const code = kind === "enrolment-code";
  // Enrolment codes are printed upper case and grouped; the server compares exactly.
  const secret = code ? byId("link-code").value.toUpperCase().replace(/[\s-]/g, "") : byId("link-secret").value;
  const username = code ? "" : byId("link-username").value;
  if (secret === "") return say("link-message", "linkRefused", { assertive: true });
  const ack = await send(state.socket, "card:link", { linkId: state.link.linkId, username, secret, kind });
  byId("link-secret").value = "";
  byId("link-code").value = "";
  if (ack.ok) {
    closeLink();
    return; // session:started or session:pin-required follows
  }
  const failure = ack.error?.code;
  if (failure === "not-authenticated") say("link-message", "linkRefused", { assertive: true });
  else if (failure === "not-possible") backToIdle("linkExpired");
  else showError("link-message", ack);
}

/** The link's time ran out, or the server no longer knows it: tell the truth and start over. */
export function linkExpired() {
  if (state.link) backToIdle("linkExpired");
}

function closeLink() {
  state.link = null;
  stopLinkCountdown();
  byId("link-form").reset();
}

function backToIdle(messageKey) {
  closeLink();
  setIdleMessage(messageKey);
  // The next person starts in the kiosk's own language.
  setLanguage(state.defaultLanguage);
  showView("idle");
  render();
}

export function cancelLink() {
  if (state.session) {
    closeLink();
    showView(state.session.pinPending ? "pin" : "jobs");
    render();
    return;
  }
  backToIdle("");
}
