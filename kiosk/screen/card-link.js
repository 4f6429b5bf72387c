// Linking an unknown badge to an account: the person proves who they are with a password or an
// enrolment code, and the server then starts their session as if the badge had been known.
import { send } from "./connection.js";
import { byId, showView } from "./dom.js";
import { render, say } from "./render.js";
import { showError } from "./session.js";
import { linkKind, state } from "./state.js";

export async function submitLink(event) {
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

export function cancelLink() {
  state.link = null;
  byId("link-form").reset();
  showView(state.session ? (state.session.pinPending ? "pin" : "jobs") : "idle");
  render();
}
