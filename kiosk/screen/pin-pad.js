// The PIN pad: large digit keys for touch and gloves, and the same field typed into from a keyboard
// (digits, Backspace, Enter). The PIN is never shown and is cleared after every attempt.
import { byId } from "./dom.js";

const MAX_DIGITS = 12;

export function wirePinPad({ onSubmit, onCancel, onTyping }) {
  const input = byId("pin-input");
  const keep = () => input.focus({ preventScroll: true });
  for (const key of document.querySelectorAll(".keypad [data-digit]")) {
    key.addEventListener("click", () => {
      if (input.value.length < MAX_DIGITS) input.value += key.dataset.digit;
      onTyping();
    });
  }
  byId("pin-clear").addEventListener("click", () => {
    input.value = "";
    keep();
  });
  byId("pin-backspace").addEventListener("click", () => {
    input.value = input.value.slice(0, -1);
  });
  // Only digits reach the field, whatever a keyboard types.
  input.addEventListener("input", () => {
    input.value = input.value.replace(/[^0-9]/g, "").slice(0, MAX_DIGITS);
  });
  byId("pin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const pin = input.value;
    input.value = "";
    onSubmit(pin);
  });
  byId("pin-cancel").addEventListener("click", () => {
    input.value = "";
    onCancel();
  });
}

export function resetPinPad() {
  byId("pin-input").value = "";
}
