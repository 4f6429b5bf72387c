// People and their cards. Admins add people and cards, remove cards, reset PINs, lift PIN locks and
// issue one-time enrolment codes; auditors see how many cards each person has. Nobody sees a card
// number: the server keeps only a keyed hash, and shows a card by its ending ("card ending 1168").
import { del, post } from "../api.js";
import { ask } from "../dialog.js";
import { announce, el, stateLabel, table } from "../dom.js";
import { formatTime } from "../format.js";
import { t } from "../i18n.js";
import { pagedList } from "./pager.js";

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
    username: field(t("peopleUsername"), { name: "username", required: true, maxlength: 128, autocomplete: "off" }),
    displayName: field(t("peopleFullName"), { name: "displayName", maxlength: 128, autocomplete: "off" }),
    card: field(t("peopleCardNumber"), { name: "card", maxlength: 64, autocomplete: "off" }),
    // Masked like every other secret on screen; typed twice nowhere, so it is reset, not recovered.
    pin: field(t("peoplePinOptional"), { name: "pin", type: "password", inputmode: "numeric", pattern: "[0-9]{4,12}", maxlength: 12, autocomplete: "new-password", title: t("pinDigits") }),
  };
  const form = el("form", { class: "form-inline", "aria-label": t("peopleAddLabel"), novalidate: true }, [
    ...Object.values(fields).map((entry) => entry.label),
    el("button", { type: "submit", class: "button primary" }, [t("peopleAdd")]),
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
    if (username.trim() === "") return refuse("username", t("peopleEnterUsername"));
    if (pin !== "" && !/^[0-9]{4,12}$/.test(pin)) return refuse("pin", t("peoplePinLength"));
    try {
      await post("/api/users", { username, displayName, cards: card ? [card] : [], ...(pin ? { pin } : {}) });
      form.reset();
      announce(t("peopleAdded"));
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
  return card.lastDigits ? t("cardEnding", { digits: card.lastDigits }) : t("cardPlain");
}

function cardsCell(user, context, message) {
  if (!user.cards) return t("cardCount", { count: user.cardCount });
  // Directory people's cards come from the directory; the API refuses edits, so none are offered.
  if (user.source === "directory") {
    return el("div", {}, [el("ul", { class: "cards-list" }, user.cards.map((card) => el("li", {}, [el("span", {}, [cardLabel(card)])]))), el("p", { class: "hint" }, [t("cardsFromDirectory")])]);
  }
  const path = `/api/users/${encodeURIComponent(user.username)}/cards`;
  const list = el("ul", { class: "cards-list" }, user.cards.map((card) => {
    const remove = el("button", { type: "button", class: "button danger small", "data-action": "remove-card", "aria-label": t("removeCardLabel", { card: cardLabel(card) }) }, [t("remove")]);
    remove.addEventListener("click", async () => {
      if ((await ask({ heading: t("removeCardHeading", { card: cardLabel(card), username: user.username }), confirm: t("removeCard") })) === null) return;
      try {
        await del(`${path}/${encodeURIComponent(card.id)}`);
        context.refresh();
      } catch (error) {
        message.textContent = error.message;
      }
    });
    return el("li", {}, [el("span", {}, [cardLabel(card)]), remove]);
  }));
  const input = el("input", { name: "card", required: true, maxlength: 64, "aria-label": t("newCardFor", { username: user.username }), placeholder: t("newCardPlaceholder"), size: 14 });
  const form = el("form", { class: "row" }, [input, el("button", { type: "submit", class: "button secondary small" }, [t("addCard")])]);
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
  const input = el("input", { type: "password", inputmode: "numeric", pattern: "[0-9]{4,12}", maxlength: 12, autocomplete: "off", size: 8, placeholder: t("newPinPlaceholder"), "aria-label": t("newPinFor", { username: user.username }) });
  const set = el("button", { type: "submit", class: "button secondary small", "data-action": "pin" }, [t("setPin")]);
  const remove = el("button", { type: "button", class: "button secondary small", "data-action": "remove-pin", disabled: !user.hasPin }, [t("removePin")]);
  const form = el("form", { class: "row" }, [input, set, remove]);
  const change = async (pin) => {
    try {
      await post(`${base}/pin`, { pin });
      announce(t(pin === null ? "pinRemoved" : "pinSet"));
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
    user.lockedUntil ? act(t("unlock"), "unlock", async () => {
      await post(`${base}/unlock`);
      context.refresh();
    }) : null,
    user.source === "directory" ? null : act(t("enrolmentCode"), "enrolment-code", async () => {
      const { code, expiresAt } = await post(`${base}/enrolment-codes`);
      secretSlot.replaceChildren(el("div", { class: "card", role: "status" }, [
        el("h2", {}, [t("enrolmentHeading", { username: user.username })]),
        el("p", {}, [t("enrolmentText", { time: formatTime(expiresAt) })]),
        el("p", { class: "secret", "data-secret": "enrolment-code" }, [code]),
      ]));
    }),
  ]);
}

function displayNameOf(user) {
  const name = user.displayName || "—";
  if (user.source !== "directory") return name;
  return t(user.disabled ? "fromDirectoryDisabled" : "fromDirectory", { name });
}

export async function render(container, context) {
  const message = el("p", { class: "message", role: "alert" });
  const secretSlot = el("div");
  container.append(el("h1", {}, [t("navPeople")]), message, secretSlot);
  if (context.canManage) container.append(addPersonForm(message, context.refresh));
  const headings = () => [t("peopleUsername"), t("name"), t("colCards"), t("colPin"), t("colPinLock"), t("actions")];
  const rowOf = (user) => [
    // The person's incident timeline is one click away.
    el("a", { href: `#/person/${encodeURIComponent(user.username)}`, title: t("personTimelineLink", { person: user.username }) }, [user.username]),
    displayNameOf(user),
    context.canManage ? cardsCell(user, context, message) : t("cardCount", { count: user.cardCount }),
    t(user.hasPin ? "yes" : "no"),
    user.lockedUntil ? stateLabel("bad", "✗", t("lockedUntil", { time: formatTime(user.lockedUntil) })) : stateLabel("ok", "✓", user.failedPins > 0 ? t("wrongPins", { count: user.failedPins }) : t("notLocked")),
    context.canManage ? actionsCell(user, context, message, secretSlot) : "—",
  ];
  // Thousands of people: a page at a time from the server, searched by the start of a name.
  const list = pagedList({
    id: "people",
    path: "/api/people",
    searchLabel: t("peopleSearchLabel"),
    searchHint: t("peopleSearchHint"),
    itemsOf: (page) => page.people,
    table: (users) => table(headings(), users.map(rowOf), t("navPeople")),
    empty: t("peopleEmpty"),
  });
  container.append(list.element);
  await list.load();
}
