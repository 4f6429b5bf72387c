// People and their cards. Admins add people and cards, remove cards, reset PINs, lift PIN locks and
// issue one-time enrolment codes; auditors see how many cards each person has. Nobody sees a card
// number: the server keeps only a keyed hash, and shows a card by its ending ("card ending 1168").
import { del, get, post } from "../api.js";
import { ask } from "../dialog.js";
import { announce, el, stateLabel, table } from "../dom.js";
import { formatTime } from "../format.js";

/** A labelled input with its own message line, tied to it for screen readers (aria-describedby). */
function field(label, attributes) {
  const hint = el("span", { class: "field-error", id: `add-person-${attributes.name}-error`, role: "alert" });
  const input = el("input", { ...attributes, "aria-describedby": hint.id });
  return { label: el("label", {}, [label, input, hint]), input, hint };
}

/** The form field a refusal names; the API says "cards" for the one card number typed here. */
const FIELD_OF = { username: "username", displayName: "displayName", cards: "card", pin: "pin" };

function addPersonForm(message, refresh) {
  const fields = {
    username: field("User name", { name: "username", required: true, maxlength: 128, autocomplete: "off" }),
    displayName: field("Full name", { name: "displayName", maxlength: 128, autocomplete: "off" }),
    card: field("Card number", { name: "card", maxlength: 64, autocomplete: "off" }),
    // Masked like every other secret on screen; typed twice nowhere, so it is reset, not recovered.
    pin: field("PIN (optional)", { name: "pin", type: "password", inputmode: "numeric", pattern: "[0-9]{4,12}", maxlength: 12, autocomplete: "new-password", title: "4 to 12 digits" }),
  };
  const form = el("form", { class: "form-inline", "aria-label": "Add a person", novalidate: true }, [
    ...Object.values(fields).map((entry) => entry.label),
    el("button", { type: "submit", class: "button primary" }, ["Add person"]),
  ]);
  const clear = () => {
    message.textContent = "";
    for (const { input, hint } of Object.values(fields)) {
      input.removeAttribute("aria-invalid");
      hint.textContent = "";
    }
  };
  const refuse = (name, text) => {
    fields[name].input.setAttribute("aria-invalid", "true");
    fields[name].hint.textContent = text;
    fields[name].input.focus();
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear();
    const { username, displayName, card, pin } = Object.fromEntries(Object.entries(fields).map(([name, entry]) => [name, entry.input.value]));
    // What the browser can tell at once is said beside the field; the server checks everything again.
    if (username.trim() === "") return refuse("username", "Enter the person's user name.");
    if (pin !== "" && !/^[0-9]{4,12}$/.test(pin)) return refuse("pin", "A PIN is 4 to 12 digits.");
    try {
      await post("/api/users", { username, displayName, cards: card ? [card] : [], ...(pin ? { pin } : {}) });
      form.reset();
      announce("Person added");
      refresh();
    } catch (error) {
      const name = FIELD_OF[error.field];
      if (name) refuse(name, error.message);
      else message.textContent = error.message;
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
