// The screen's link to the server: the kiosk token (kept in localStorage, never in a URL), pairing
// with a one-time code, the socket.io connection as role "screen", and sending with an
// acknowledgement and a timeout so nothing is ever sent late.
import { io } from "/socket.io/socket.io.esm.min.js";

const TOKEN_KEY = "printvakt.kioskToken";
export const ACK_TIMEOUT_MS = 5000;

export const storedToken = () => localStorage.getItem(TOKEN_KEY);
export const storeToken = (token) => localStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => localStorage.removeItem(TOKEN_KEY);

/** Trades a pairing code for the kiosk token: { ok: true } or { ok: false, status }. */
export async function pairWithCode(code) {
  const response = await fetch("/api/kiosk/pair", {
    method: "POST",
    credentials: "omit",
    // The header is the API's CSRF requirement for requests without a console session.
    headers: { "Content-Type": "application/json", "X-CSRF-Token": "kiosk-pairing" },
    body: JSON.stringify({ code }),
  });
  if (!response.ok) return { ok: false, status: response.status };
  const body = await response.json();
  storeToken(body.token);
  return { ok: true, kiosk: body.kiosk };
}

export function openSocket(token) {
  return io("/kiosk", { auth: { token, role: "screen" }, transports: ["websocket"], reconnectionDelay: 1000, reconnectionDelayMax: 5000 });
}

/**
 * Emits with an acknowledgement within ACK_TIMEOUT_MS. A disconnected socket would buffer the
 * event and send it after reconnecting, maybe after the person left: refuse at once instead.
 */
export async function send(socket, event, payload) {
  if (!socket || !socket.connected) return { ok: false, error: { code: "unavailable" } };
  try {
    return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
  } catch {
    return { ok: false, error: { code: "timeout" } };
  }
}

/** A fresh idempotency key; crypto.randomUUID needs a secure context, which a LAN kiosk may not be. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
