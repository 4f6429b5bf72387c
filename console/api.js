// Calls to the JSON API: same-origin cookie session, the CSRF token on every state-changing call,
// and one error shape ({ error: { code, message } }) turned into an ApiError.

let csrfToken = "";
let onUnauthenticated = () => undefined;

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    /** The input field a refusal is about, when the server names one (see server/http/error-handler.ts). */
    this.field = field;
  }
}

export function setCsrfToken(token) {
  csrfToken = token;
}

export function whenLoggedOut(handler) {
  onUnauthenticated = handler;
}

export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken || "console";
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  const payload = await response.json().catch(() => ({}));
  if (response.ok) return payload;
  const error = new ApiError(response.status, payload.error?.code ?? "internal", payload.error?.message ?? `HTTP ${response.status}`, payload.error?.field);
  if (response.status === 401 && path !== "/api/login") onUnauthenticated();
  throw error;
}

export const get = (path) => api("GET", path);
export const post = (path, body = {}) => api("POST", path, body);
export const del = (path) => api("DELETE", path);
