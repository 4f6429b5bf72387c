// Checks the agent's --server URL and derives where the kiosk socket lives under it.
import { PrintvaktError } from "../../core/errors.js";

const example = "e.g. https://print.example.org:8631";

function refuse(message: string): PrintvaktError {
  return new PrintvaktError("bad-request", `--server ${message}`);
}

/**
 * The server's base URL: http or https, no credentials, no query or fragment. A path is allowed for
 * a server behind a reverse proxy under a prefix (https://intranet.example.org/printvakt).
 */
export function parseServerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw refuse(`must be the server's http:// or https:// URL (${example}), got ${JSON.stringify(text.slice(0, 100))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw refuse(`must start with http:// or https:// (${example}), got ${JSON.stringify(url.protocol)}`);
  // Not echoed: whatever sits there is probably a secret.
  if (url.username !== "" || url.password !== "") throw refuse("must not contain a user name or password; the kiosk token goes in --token-file");
  if (url.search !== "" || url.hash !== "") throw refuse("must not have a query or fragment; the kiosk token goes in --token-file, never in a URL");
  // The kiosk screen's page is /kiosk; the socket lives at the server's root.
  if (/\/kiosk\/?$/.test(url.pathname)) throw refuse(`is the server's base URL, without "/kiosk" (${example})`);
  return url;
}

export interface KioskSocketAddress {
  /** scheme://host:port */
  readonly origin: string;
  /** socket.io's HTTP path: the URL's path prefix + /socket.io */
  readonly path: string;
  readonly namespace: "/kiosk";
}

export function kioskSocketAddress(server: URL): KioskSocketAddress {
  const prefix = server.pathname.replace(/\/+$/, "");
  return { origin: server.origin, path: `${prefix}/socket.io`, namespace: "/kiosk" };
}
