// The console session cookie: HttpOnly (scripts cannot read it), SameSite=Strict (never sent on a
// request another site starts), and on a TLS connection also Secure under a __Host- name (bound to
// this host and path, and never sent over plain HTTP). A session cookie, with no Max-Age: the
// browser drops it when it closes, so a shared PC keeps nothing once the window is shut; the server
// ends the session itself after CONSOLE_IDLE_MS / CONSOLE_MAX_AGE_MS (review I3).
import type { Request, Response } from "express";

/** True when this request came over TLS (the server's one port speaks both; see server/http/tls-on-same-port.ts). */
export function overTls(request: Request): boolean {
  return (request.socket as { encrypted?: boolean }).encrypted === true;
}

export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-printvakt-console" : "printvakt-console";
}

/** The value of one cookie from the Cookie header, or undefined. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

/** The session id this request carries, under the name its transport uses. */
export function sessionIdOf(request: Request): string | undefined {
  return readCookie(request, sessionCookieName(overTls(request)));
}

/** `expire`: Max-Age=0, which tells the browser to drop the cookie now (logout). */
export function sessionCookie(secure: boolean, value: string, expire = false): string {
  const attributes = [`${sessionCookieName(secure)}=${value}`, "Path=/", "HttpOnly", "SameSite=Strict"];
  if (expire) attributes.push("Max-Age=0");
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}

export function setSessionCookie(request: Request, response: Response, value: string): void {
  response.setHeader("Set-Cookie", sessionCookie(overTls(request), value));
}

export function clearSessionCookie(request: Request, response: Response): void {
  response.setHeader("Set-Cookie", sessionCookie(overTls(request), "", true));
}
