// Hands each new connection to the HTTP server only once its first octet has arrived, as cupsd
// waits for a client's request: until then the connection is idle, bounded by the keep-alive
// timeout, and the request-header timeout starts with the request itself. ipptool opens the
// connection for ipp-2.0.test, runs the whole included ipp-1.1.test on another one (minutes), and
// only then sends its first request on it; Node would have cut it at the header timeout.
// tls-on-same-port.ts uses the same first octet to tell TLS from plain HTTP.
import type { Server as HttpServer } from "node:http";
import type { Socket } from "node:net";

/** Where a connection goes once its first octet is known (already put back for the next reader). */
export type FirstOctetRoute = (socket: Socket, first: Buffer) => "http" | "taken";

/**
 * Installs the wait on `server` (not yet listening). `route` says per connection whether the HTTP
 * server takes it as it is ("http") or the caller took it ("taken", e.g. into a TLS handshake).
 * Returns the HTTP server's own connection handling, for connections the caller hands over later.
 */
export function waitForFirstOctet(server: HttpServer, silentLimitMs: number, route: FirstOctetRoute = () => "http"): (socket: Socket) => void {
  // The HTTP server's own connection handling, taken over so that it runs after the first octet.
  const httpConnection = server.listeners("connection") as ((socket: Socket) => void)[];
  server.removeAllListeners("connection");
  const toHttp = (socket: Socket) => {
    for (const listener of httpConnection) listener.call(server, socket);
  };
  server.on("connection", (socket: Socket) => {
    const end = () => socket.destroy();
    socket.setTimeout(silentLimitMs, end);
    socket.once("error", end);
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.off("timeout", end);
      socket.off("error", end);
      socket.setTimeout(0);
      socket.unshift(first);
      if (route(socket, first) === "taken") return;
      toHttp(socket);
      // The octets put back are delivered on the next tick, before any later read from the wire.
      socket.resume();
    });
  });
  return toHttp;
}
