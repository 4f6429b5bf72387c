// The console session cookie: HttpOnly (scripts cannot read it), SameSite=Strict (never sent on a
// request another site starts), Secure and __Host- prefixed when the server speaks TLS.
import type { Request, Response } from "express";

export interface CookieSettings {
  secure: boolean;
}

export function sessionCookieName(settings: CookieSettings): string {
  return settings.secure ? "__Host-printvakt-console" : "printvakt-console";
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

export function sessionCookie(settings: CookieSettings, value: string, maxAgeSeconds: number): string {
  const attributes = [`${sessionCookieName(settings)}=${value}`, "Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${maxAgeSeconds}`];
  if (settings.secure) attributes.push("Secure");
  return attributes.join("; ");
}

export function setSessionCookie(response: Response, settings: CookieSettings, value: string, maxAgeSeconds: number): void {
  response.setHeader("Set-Cookie", sessionCookie(settings, value, maxAgeSeconds));
}

export function clearSessionCookie(response: Response, settings: CookieSettings): void {
  response.setHeader("Set-Cookie", sessionCookie(settings, "", 0));
}
