// What the IPP endpoint reads off the HTTP request itself: is it IPP, on which path, from which
// peer, over TLS or not, and under which address the client reached us.
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

/**
 * Paths the queue answers on: /ipp/print (and its jobs), /printers/secure for `lp -h`, / for
 * `lpstat -h`, /jobs/ where CUPS clients post job operations (`lp -i N`, `cancel N` — with the
 * trailing slash, review F6) and /admin/ where `cancel -a` posts. Which printer a request names is
 * its printer-uri's business (printer-target.ts), not the path's.
 */
const IPP_PATH = /^\/(?:ipp\/print(?:\/\d{1,10})?|printers(?:\/secure(?:\/\d{1,10})?)?\/?|jobs(?:\/\d{1,10})?\/?|admin\/?)?$/;

export function isIppRequest(request: IncomingMessage): boolean {
  return request.method === "POST" && (request.headers["content-type"] ?? "").toLowerCase().startsWith("application/ipp");
}

/** The request's path without its query, or undefined when no queue answers there. */
export function ippPathOf(request: IncomingMessage): string | undefined {
  const path = (request.url ?? "/").split("?")[0]!;
  return IPP_PATH.test(path) ? path : undefined;
}

export function peerOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? "unknown";
}

export function isSecure(request: IncomingMessage): boolean {
  return Boolean((request.socket as TLSSocket).encrypted);
}

/** The host the client addressed, if it looks like a host name; otherwise our own address. */
function hostOf(request: IncomingMessage): string {
  const host = request.headers.host ?? "";
  if (/^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/.test(host)) return host;
  const address = request.socket.localAddress ?? "localhost";
  return `${address.includes(":") ? `[${address}]` : address}:${request.socket.localPort}`;
}

/** The printer's URIs as this client reaches them: ipp(s):// for IPP, http(s):// for the web pages. */
export function baseUrisOf(request: IncomingMessage): { baseUri: string; httpBaseUri: string } {
  const secure = isSecure(request);
  const host = hostOf(request);
  return { baseUri: `${secure ? "ipps" : "ipp"}://${host}`, httpBaseUri: `${secure ? "https" : "http"}://${host}` };
}
