// Headers on every HTTP answer (IPP is answered before Express): scripts and styles only from our
// own files, nothing inline, no framing, no referrer. With no inline script allowed, a document
// name that slipped into the page as HTML still could not run. socket.io answers its own paths
// (the client bundle, long polling) before Express and gets the same headers (review L5).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Over TLS, browsers are told to use https:// for this host for a year (review L5), so a later
 * http:// link or typed address cannot be stripped of TLS. No includeSubDomains: the organisation's
 * other hosts are not ours to decide for. IPP clients ignore it, so plain ipp:// keeps working.
 */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";

export function applySecurityHeaders(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("X-Frame-Options", "DENY");
  response.setHeader("Referrer-Policy", "no-referrer");
  response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), usb=()");
  if ((request.socket as { encrypted?: boolean }).encrypted === true) response.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
}

export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  applySecurityHeaders(request, response);
  next();
}
