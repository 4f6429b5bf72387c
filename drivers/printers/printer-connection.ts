// Opens the connection to a printer (TCP, or TLS with its certificate checked) before any request
// byte is written; used by the IPP transport and by the raw socket driver.
import net from "node:net";
import tls from "node:tls";
import type { PrintvaktError } from "../../core/errors.js";
import { abortedError, retryableError } from "./retry.js";
import { socketFailure } from "./transport-failures.js";

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
export function connect(endpoint: IppEndpoint, options: { acceptSelfSigned: boolean; connectTimeoutMs: number }, signal?: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal));
    const socket = endpoint.tls
      ? tls.connect({
          host: endpoint.host,
          port: endpoint.port,
          // Node refuses an IP address as SNI name.
          ...(net.isIP(endpoint.host) === 0 ? { servername: endpoint.host } : {}),
          rejectUnauthorized: !options.acceptSelfSigned,
        })
      : net.connect({ host: endpoint.host, port: endpoint.port });
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
