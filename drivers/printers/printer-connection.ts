// Opens the connection to a printer (TCP, or TLS with its certificate checked) before any request
// byte is written; used by the IPP transport and by the raw socket driver.
import dns from "node:dns";
import net from "node:net";
import tls from "node:tls";
import type { PrintvaktError } from "../../core/errors.js";
import { abortedError, retryableError } from "./retry.js";
import { destinationRefused, socketFailure } from "./transport-failures.js";

/**
 * Whether an address (as resolved, at connect time) may be connected to. The server passes its
 * printer-destination rules here, so a name that resolves somewhere else after the printer was added
 * (DNS rebinding) is still refused before any byte is written.
 */
export type AddressCheck = (address: string) => boolean;

export interface ConnectOptions {
  acceptSelfSigned: boolean;
  connectTimeoutMs: number;
  allowAddress?: AddressCheck;
}

/** A dns.lookup for net.connect that drops addresses the check refuses (both the one- and all-address forms). */
function checkedLookup(allowAddress: AddressCheck): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const allowed = addresses.filter((entry) => allowAddress(entry.address));
      if (allowed.length === 0) return callback(destinationRefused(), "", 4);
      if ((options as dns.LookupOptions).all) return (callback as unknown as (error: null, addresses: dns.LookupAddress[]) => void)(null, allowed);
      const first = allowed[0] as dns.LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

export interface IppEndpoint {
  /** Host name or IP address, IPv6 without brackets. */
  host: string;
  port: number;
  /** HTTP request path, "/ipp/print". */
  path: string;
  tls: boolean;
}

/** Sockets whose certificate fault is only that nobody vouches for it. */
const SELF_SIGNED_FAULTS: ReadonlySet<string> = new Set(["DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN"]);

/** Opens a TCP or TLS connection and resolves once it is ready; certificates are checked before any request byte is written. */
export function connect(endpoint: IppEndpoint, options: ConnectOptions, signal?: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal));
    const check = options.allowAddress;
    // An address literal is never looked up, so it is checked here; names are checked as they resolve.
    if (check !== undefined && net.isIP(endpoint.host) !== 0 && !check(endpoint.host)) return reject(destinationRefused());
    const lookup = check === undefined ? {} : { lookup: checkedLookup(check) };
    const socket = endpoint.tls
      ? tls.connect({
          host: endpoint.host,
          port: endpoint.port,
          // Node refuses an IP address as SNI name.
          ...(net.isIP(endpoint.host) === 0 ? { servername: endpoint.host } : {}),
          rejectUnauthorized: !options.acceptSelfSigned,
          ...lookup,
        })
      : net.connect({ host: endpoint.host, port: endpoint.port, ...lookup });
    const readyEvent = endpoint.tls ? "secureConnect" : "connect";
    const timer = setTimeout(() => fail(retryableError("printer did not accept the connection in time", "printer-offline")), options.connectTimeoutMs);
    const onAbort = () => fail(abortedError(signal as AbortSignal));
    const onError = (error: Error) => fail(socketFailure(error));
    const onReady = () => {
      const tlsSocket = socket as tls.TLSSocket;
      if (endpoint.tls && !tlsSocket.authorized) {
        const fault = String(tlsSocket.authorizationError ?? "");
        // rejectUnauthorized is off only when self-signed is allowed: every other fault still fails.
        if (!SELF_SIGNED_FAULTS.has(fault)) return fail(socketFailure(Object.assign(new Error(fault), { code: fault })));
      }
      cleanup();
      resolve(socket);
    };
    function cleanup() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.off("error", onError);
      socket.off(readyEvent, onReady);
    }
    function fail(error: PrintvaktError) {
      cleanup();
      socket.destroy();
      reject(error);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("error", onError);
    socket.once(readyEvent, onReady);
  });
}

/**
 * Holds a connected socket's errors while it waits, open and silent, for a release to record that
 * sending starts (a busy write queue: seconds). A printer may reset it meanwhile; with no listener
 * that error would be uncaught and end the server, every release in flight with it. The returned
 * function stops holding, and gives the failure (the socket destroyed) if the connection was lost
 * meanwhile: reported before any octet was written, so the printer certainly has nothing.
 */
export function holdSocketErrors(socket: net.Socket): () => PrintvaktError | undefined {
  let dropped: Error | undefined;
  const hold = (error: Error) => {
    dropped ??= error;
  };
  socket.on("error", hold);
  return () => {
    socket.off("error", hold);
    if (dropped === undefined && !socket.destroyed && socket.writable) return undefined;
    socket.destroy();
    return socketFailure(dropped ?? Object.assign(new Error("printer closed the connection"), { code: "EPIPE" }));
  };
}
