// The card-linking view: the one-time code typed on on-screen keys (kiosks have no keyboard), or a
// user name and password for kiosks that have one, and a visible countdown of the link's time.
import { byId, el } from "./dom.js";
import { t } from "./i18n.js";
import { linkKind } from "./state.js";

// The enrolment code alphabet (server/admin/user-access.ts): no 0/O, 1/I/L to mix up.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_MAX = 12;
let deadline = 0;
let timer;
let onExpired = () => {};

/** Builds the code keys once; `expired` runs when the link's time is up. */
export function wireLinkView({ expired }) {
  onExpired = expired;
  const field = byId("link-code");
  const keys = [...CODE_ALPHABET].map((character) => {
    const key = el("button", { type: "button", class: "key", "data-character": character, "data-value": true }, [character]);
    key.addEventListener("click", () => {
      if (field.value.length < CODE_MAX) field.value += character;
    });
    return key;
  });
  const erase = el("button", { type: "button", class: "key secondary", id: "code-backspace" }, [el("span", { "aria-hidden": "true" }, ["⌫"])]);
  erase.addEventListener("click", () => (field.value = field.value.slice(0, -1)));
  byId("code-keys").replaceChildren(...keys, erase);
  // A keyboard, where there is one, types the same characters.
  field.addEventListener("input", () => (field.value = field.value.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, CODE_MAX)));
}

export function startLinkCountdown(seconds) {
  deadline = Date.now() + (Number.isFinite(seconds) ? seconds : 120) * 1000;
  clearInterval(timer);
  timer = setInterval(tick, 250);
  tick();
}

export function stopLinkCountdown() {
  clearInterval(timer);
  timer = undefined;
}

function tick() {
  const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  byId("link-countdown-text").textContent = t("linkCountdown", { seconds: left });
  byId("link-countdown").dataset.tone = left <= 15 ? "soon" : "normal";
  if (left === 0) {
    stopLinkCountdown();
    onExpired();
  }
}

export function renderLink() {
  const code = linkKind() === "enrolment-code";
  byId("link-code-part").hidden = !code;
  byId("code-keys").hidden = !code;
  byId("link-password-part").hidden = code;
  byId("code-backspace")?.setAttribute("aria-label", t("linkCodeBackspaceLabel"));
  if (timer !== undefined) tick();
}
