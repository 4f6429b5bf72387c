// People and their cards. Admins add people and cards, remove cards, reset PINs, lift PIN locks and
// issue one-time enrolment codes; auditors see how many cards each person has. Nobody sees a card
// number: the server keeps only a keyed hash, and shows a card by its ending ("card ending 1168").
import { del, get, post } from "../api.js";
import { ask } from "../dialog.js";
import { announce, el, stateLabel, table } from "../dom.js";
import { formatTime } from "../format.js";

function addPersonForm(message, refresh) {
  const form = el("form", { class: "form-inline", "aria-label": "Add a person" }, [
    el("label", {}, ["User name", el("input", { name: "username", required: true, maxlength: 128 })]),
    el("label", {}, ["Full name", el("input", { name: "displayName", maxlength: 128 })]),
    el("label", {}, ["Card number", el("input", { name: "card", maxlength: 64 })]),
    el("label", {}, ["PIN (optional)", el("input", { name: "pin", inputmode: "numeric", pattern: "[0-9]{4,12}", maxlength: 12, autocomplete: "off" })]),
    el("button", { type: "submit", class: "button primary" }, ["Add person"]),
  ]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { username, displayName, card, pin } = form.elements;
    try {
      await post("/api/users", { username: username.value, displayName: displayName.value, cards: card.value ? [card.value] : [], ...(pin.value ? { pin: pin.value } : {}) });
      announce("Person added");
      refresh();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return form;
}

function cardLabel(card) {
  return card.lastDigits ? `card ending ${card.lastDigits}` : "card";
}

function cardsCell(user, context, message) {
  if (!user.cards) return `${user.cardCount} card(s)`;
  // Directory people's cards come from the directory; the API refuses edits, so none are offered.
  if (user.source === "directory") {
    return el("div", {}, [el("ul", { class: "cards-list" }, user.cards.map((card) => el("li", {}, [el("span", {}, [cardLabel(card)])]))), el("p", { class: "hint" }, ["From the directory: change cards there."])]);
  }
  const path = `/api/users/${encodeURIComponent(user.username)}/cards`;
  const list = el("ul", { class: "cards-list" }, user.cards.map((card) => {
    const remove = el("button", { type: "button", class: "button danger small", "data-action": "remove-card", "aria-label": `Remove ${cardLabel(card)}` }, ["Remove"]);
    remove.addEventListener("click", async () => {
      if ((await ask({ heading: `Remove ${cardLabel(card)} from ${user.username}?`, confirm: "Remove card" })) === null) return;
      try {
        await del(`${path}/${encodeURIComponent(card.id)}`);
        context.refresh();
      } catch (error) {
        message.textContent = error.message;
      }
    });
    return el("li", {}, [el("span", {}, [cardLabel(card)]), remove]);
  }));
  const input = el("input", { name: "card", required: true, maxlength: 64, "aria-label": `New card for ${user.username}`, placeholder: "new card number", size: 14 });
  const form = el("form", { class: "row" }, [input, el("button", { type: "submit", class: "button secondary small" }, ["Add card"])]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await post(path, { card: input.value });
      context.refresh();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return el("div", {}, [list, form]);
}

function pinForm(user, base, context, message) {
  const input = el("input", { type: "password", inputmode: "numeric", pattern: "[0-9]{4,12}", maxlength: 12, autocomplete: "off", size: 8, placeholder: "new PIN", "aria-label": `New PIN for ${user.username}` });
  const set = el("button", { type: "submit", class: "button secondary small", "data-action": "pin" }, ["Set PIN"]);
  const remove = el("button", { type: "button", class: "button secondary small", "data-action": "remove-pin", disabled: !user.hasPin }, ["Remove PIN"]);
  const form = el("form", { class: "row" }, [input, set, remove]);
  const change = async (pin) => {
    try {
      await post(`${base}/pin`, { pin });
      announce(pin === null ? "PIN removed" : "PIN set");
      context.refresh();
    } catch (error) {
      message.textContent = error.message;
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void change(input.value);
  });
  remove.addEventListener("click", () => void change(null));
  return form;
}

function actionsCell(user, context, message, secretSlot) {
  const base = `/api/users/${encodeURIComponent(user.username)}`;
  const act = (label, action, run) => {
    const button = el("button", { type: "button", class: "button secondary small", "data-action": action }, [label]);
    button.addEventListener("click", async () => {
      try {
        await run();
      } catch (error) {
        message.textContent = error.message;
      }
    });
    return button;
  };
  return el("div", { class: "row" }, [
    pinForm(user, base, context, message),
    user.lockedUntil ? act("Unlock", "unlock", async () => {
      await post(`${base}/unlock`);
      context.refresh();
    }) : null,
    user.source === "directory" ? null : act("Enrolment code", "enrolment-code", async () => {
      const { code, expiresAt } = await post(`${base}/enrolment-codes`);
      secretSlot.replaceChildren(el("div", { class: "card", role: "status" }, [
        el("h2", {}, [`One-time enrolment code for ${user.username}: shown once`]),
        el("p", {}, ["At a kiosk, badge the new card, choose \u201cA one-time code\u201d and type this code. Valid until ", formatTime(expiresAt), "."]),
        el("p", { class: "secret", "data-secret": "enrolment-code" }, [code]),
      ]));
    }),
  ]);
}

export async function render(container, context) {
  const users = await get("/api/users");
  const message = el("p", { class: "message", role: "alert" });
  const secretSlot = el("div");
  container.append(el("h1", {}, ["People"]), message, secretSlot);
  if (context.canManage) container.append(addPersonForm(message, context.refresh));
  const rows = users.map((user) => [
    user.username,
    `${user.displayName || "—"}${user.source === "directory" ? (user.disabled ? " (directory, disabled)" : " (directory)") : ""}`,
    context.canManage ? cardsCell(user, context, message) : `${user.cardCount} card(s)`,
    user.hasPin ? "yes" : "no",
    user.lockedUntil ? stateLabel("bad", "✗", `locked until ${formatTime(user.lockedUntil)}`) : stateLabel("ok", "✓", user.failedPins > 0 ? `${user.failedPins} wrong PIN(s)` : "not locked"),
    context.canManage ? actionsCell(user, context, message, secretSlot) : "—",
  ]);
  container.append(users.length === 0 ? el("p", {}, ["No people yet."]) : table(["User name", "Name", "Cards", "PIN", "PIN lock", "Actions"], rows, "People"));
}
