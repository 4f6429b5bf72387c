// Opens a bound LDAP connection over LDAPS or StartTLS, and names each way it can fail.
import { isIP } from "node:net";
import type { Client } from "ldapts";
import { PrintvaktError } from "../../core/errors.js";
import type { DirectorySettings } from "./directory-settings.js";

export type DirectoryFailure = "bind-failed" | "unreachable" | "certificate" | "search-failed";

const TIMEOUT_MS = 15_000;

/**
 * ldapts, loaded at the first connection: a server without a directory never needs it (about
 * 1.5 MiB of heap for as long as it runs; issue 13, idle memory). Until then no error can be ldapts's.
 */
let ldapts: typeof import("ldapts") | undefined;
async function loadLdapts(): Promise<typeof import("ldapts")> {
  return (ldapts ??= await import("ldapts"));
}

function tlsOptions(settings: DirectorySettings) {
  // SNI takes host names only; the certificate is still checked against an IP address in the URL.
  const host = new URL(settings.url).hostname.replace(/^\[|\]$/g, "");
  return { ...(settings.ca === undefined ? {} : { ca: [settings.ca] }), ...(isIP(host) ? {} : { servername: host }), minVersion: "TLSv1.2" as const };
}

/** A PrintvaktError("unavailable") whose details.reason says which failure it was. */
export function directoryError(error: unknown, fallback: DirectoryFailure): PrintvaktError {
  if (error instanceof PrintvaktError) return error;
  const code = String((error as NodeJS.ErrnoException)?.code ?? "");
  // A server-side size limit would silently shorten the list of people; it must read as what it is.
  const message = ldapts !== undefined && error instanceof ldapts.SizeLimitExceededError ? "the directory's size limit cut the search short: give the service account an unlimited limit for paged searches" : error instanceof Error ? error.message : String(error);
  let reason: DirectoryFailure = fallback;
  if (ldapts !== undefined && error instanceof ldapts.InvalidCredentialsError) reason = "bind-failed";
  else if (/CERT|SELF_SIGNED|ALTNAME|UNABLE_TO_(GET|VERIFY)/.test(code) || /certificate/i.test(message)) reason = "certificate";
  else if (/ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|ECONNRESET|EPIPE/.test(code) || /timeout|connect/i.test(message)) reason = "unreachable";
  return new PrintvaktError("unavailable", `directory ${reason}: ${message}`, { userMessage: `directory sync failed (${reason}): ${message}; nothing changed`, details: { reason }, cause: error });
}

/** Connects and binds as `dn`; the caller must unbind. Throws directoryError on any failure. */
export async function openBoundClient(settings: DirectorySettings, dn: string, password: string): Promise<Client> {
  // ldapts opens TLS at once whenever tlsOptions are given, so they go to the constructor only for ldaps://.
  const { Client } = await loadLdapts();
  const client = new Client({ url: settings.url, timeout: TIMEOUT_MS, connectTimeout: TIMEOUT_MS, ...(settings.transport === "ldaps" ? { tlsOptions: tlsOptions(settings) } : {}), strictDN: false });
  try {
    if (settings.transport === "starttls") await client.startTLS(tlsOptions(settings));
    await client.bind(dn, password);
    return client;
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw directoryError(error, "unreachable");
  }
}

/** True when the directory accepts this DN and password (a console login); false on wrong credentials. */
export async function verifyDirectoryPassword(settings: DirectorySettings, dn: string, password: string): Promise<boolean> {
  // An empty password would be an anonymous "unauthenticated bind" that many servers accept.
  if (password === "") return false;
  try {
    const client = await openBoundClient(settings, dn, password);
    await client.unbind().catch(() => undefined);
    return true;
  } catch (error) {
    if (error instanceof PrintvaktError && error.details?.reason === "bind-failed") return false;
    throw error;
  }
}
