// Kiosks: connection and printer state; admins create kiosks, issue pairing codes (a new token)
// and revoke kiosks. A token or code is shown once, right here, and never again.
import { get, post } from "../api.js";
import { ask } from "../dialog.js";
import { el, stateLabel, table } from "../dom.js";
import { formatTime } from "../format.js";
import { t } from "../i18n.js";
import { printerState } from "./printers.js";

function secretBox(answer) {
  return el("div", { class: "card", role: "status" }, [
    el("h2", {}, [t("kioskShownOnce", { name: answer.name })]),
    el("p", {}, [t("kioskPairingText", { time: formatTime(answer.pairing.expiresAt) })]),
    el("p", { class: "secret", "data-secret": "pairing-code" }, [answer.pairing.code]),
    el("p", {}, [t("kioskTokenText")]),
    el("p", { class: "secret", "data-secret": "token" }, [answer.token]),
  ]);
}

function connection(kiosk) {
  if (kiosk.revoked) return stateLabel("bad", "✗", t("kioskRevoked"));
  const { agents, screens } = kiosk.connected;
  if (agents + screens === 0) return stateLabel("warn", "○", t("kioskNotConnected"));
  return stateLabel("ok", "✓", t("kioskConnected", { agents, screens }));
}

function addForm(printers, message, shown) {
  const form = el("form", { class: "form-inline", "aria-label": t("kiosksAddLabel") }, [
    el("label", {}, [t("name"), el("input", { name: "name", required: true, maxlength: 64 })]),
    el("label", {}, [t("printer"), el("select", { name: "printer", required: true }, printers.map((printer) => el("option", { value: printer.name }, [printer.name])))]),
    el("label", { class: "check" }, [el("input", { type: "checkbox", name: "releaseOnBadge" }), " ", t("kioskReaderOnlyOption")]),
    el("button", { type: "submit", class: "button primary" }, [t("kiosksAdd")]),
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
  container.append(el("h1", {}, [t("navKiosks")]), message, secretSlot);
  if (justShown) secretSlot.append(secretBox(justShown));
  if (context.canManage) container.append(addForm(printers, message, shown));
  const rows = kiosks.map((kiosk) => {
    const cells = [kiosk.name, kiosk.printer, printerState(kiosk.printerState), t(kiosk.releaseOnBadge ? "modeReaderOnly" : "modeScreen"), connection(kiosk), formatTime(kiosk.lastSeenAt)];
    if (!context.canManage) return [...cells, "—"];
    const pair = el("button", { type: "button", class: "button secondary small", "data-action": "pairing-code" }, [t("kioskNewCode")]);
    pair.addEventListener("click", async () => {
      if ((await ask({ heading: t("kioskNewCodeHeading", { name: kiosk.name }), text: t("kioskNewCodeText"), confirm: t("kioskIssueCode") })) === null) return;
      try {
        shown(await post(`/api/kiosks/${encodeURIComponent(kiosk.name)}/pairing-code`));
      } catch (error) {
        message.textContent = error.message;
      }
    });
    const revoke = el("button", { type: "button", class: "button danger small", "data-action": "revoke", disabled: kiosk.revoked }, [t("kioskRevoke")]);
    revoke.addEventListener("click", async () => {
      if ((await ask({ heading: t("kioskRevokeHeading", { name: kiosk.name }), text: t("kioskRevokeText"), confirm: t("kioskRevoke") })) === null) return;
      try {
        await post(`/api/kiosks/${encodeURIComponent(kiosk.name)}/revoke`);
        context.refresh();
      } catch (error) {
        message.textContent = error.message;
      }
    });
    return [...cells, el("div", { class: "row" }, [pair, revoke])];
  });
  container.append(kiosks.length === 0 ? el("p", {}, [t("kiosksEmpty")]) : table([t("name"), t("printer"), t("colPrinterState"), t("colMode"), t("colConnected"), t("colLastSeen"), t("actions")], rows, t("navKiosks")));
}
