// Kiosks: connection and printer state; admins create kiosks, issue pairing codes (a new token)
// and revoke kiosks. A token or code is shown once, right here, and never again.
import { get, post } from "../api.js";
import { ask } from "../dialog.js";
import { el, stateLabel, table } from "../dom.js";
import { formatTime } from "../format.js";
import { printerState } from "./printers.js";

function secretBox(answer) {
  return el("div", { class: "card", role: "status" }, [
    el("h2", {}, [`Kiosk ${answer.name}: shown once`]),
    el("p", {}, ["Pairing code for the kiosk screen (open /kiosk on it and type the code), valid until ", formatTime(answer.pairing.expiresAt), ":"]),
    el("p", { class: "secret", "data-secret": "pairing-code" }, [answer.pairing.code]),
    el("p", {}, ["Token for the kiosk agent (printvakt kiosk-agent --token …). The kiosk's previous token no longer works."]),
    el("p", { class: "secret", "data-secret": "token" }, [answer.token]),
  ]);
}

function connection(kiosk) {
  if (kiosk.revoked) return stateLabel("bad", "✗", "revoked");
  const { agents, screens } = kiosk.connected;
  if (agents + screens === 0) return stateLabel("warn", "○", "not connected");
  return stateLabel("ok", "✓", `agent ${agents}, screen ${screens}`);
}

function addForm(printers, message, shown) {
  const form = el("form", { class: "form-inline", "aria-label": "Add a kiosk" }, [
    el("label", {}, ["Name", el("input", { name: "name", required: true, maxlength: 64 })]),
    el("label", {}, ["Printer", el("select", { name: "printer", required: true }, printers.map((printer) => el("option", { value: printer.name }, [printer.name])))]),
    el("label", { class: "check" }, [el("input", { type: "checkbox", name: "releaseOnBadge" }), " Reader only (release on badge)"]),
    el("button", { type: "submit", class: "button primary" }, ["Add kiosk"]),
  ]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const answer = await post("/api/kiosks", { name: form.elements.name.value, printer: form.elements.printer.value, releaseOnBadge: form.elements.releaseOnBadge.checked });
      shown(answer);
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return form;
}

export async function render(container, context, justShown) {
  const [kiosks, printers] = await Promise.all([get("/api/kiosks"), get("/api/printers")]);
  const message = el("p", { class: "message", role: "alert" });
  const secretSlot = el("div");
  const shown = async (answer) => {
    container.replaceChildren();
    await render(container, context, answer);
  };
  container.append(el("h1", {}, ["Kiosks"]), message, secretSlot);
  if (justShown) secretSlot.append(secretBox(justShown));
  if (context.canManage) container.append(addForm(printers, message, shown));
  const rows = kiosks.map((kiosk) => {
    const cells = [kiosk.name, kiosk.printer, printerState(kiosk.printerState), kiosk.releaseOnBadge ? "reader only" : "screen", connection(kiosk), formatTime(kiosk.lastSeenAt)];
    if (!context.canManage) return [...cells, "—"];
    const pair = el("button", { type: "button", class: "button secondary small", "data-action": "pairing-code" }, ["New pairing code"]);
    pair.addEventListener("click", async () => {
      if ((await ask({ heading: `New pairing code for ${kiosk.name}?`, text: "The kiosk gets a new token: its agent and screen are disconnected until they use the new one.", confirm: "Issue code" })) === null) return;
      try {
        shown(await post(`/api/kiosks/${encodeURIComponent(kiosk.name)}/pairing-code`));
      } catch (error) {
        message.textContent = error.message;
      }
    });
    const revoke = el("button", { type: "button", class: "button danger small", "data-action": "revoke", disabled: kiosk.revoked }, ["Revoke"]);
    revoke.addEventListener("click", async () => {
      if ((await ask({ heading: `Revoke kiosk ${kiosk.name}?`, text: "Its token stops working at once and its connections are closed.", confirm: "Revoke" })) === null) return;
      try {
        await post(`/api/kiosks/${encodeURIComponent(kiosk.name)}/revoke`);
        context.refresh();
      } catch (error) {
        message.textContent = error.message;
      }
    });
    return [...cells, el("div", { class: "row" }, [pair, revoke])];
  });
  container.append(kiosks.length === 0 ? el("p", {}, ["No kiosks yet."]) : table(["Name", "Printer", "Printer state", "Mode", "Connected", "Last seen", "Actions"], rows, "Kiosks"));
}
