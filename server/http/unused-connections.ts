// A connection that never sent a byte is closed without a 408 when the header timeout cuts it.
// ipptool opens a connection per .test file and leaves it unused for minutes while an INCLUDEd file
// runs (ipp-everywhere.test includes ipp-2.0.test, which waits 150 s for a job): a 408 waiting in
// that socket fails its first request ("No request sent"), a plain close makes it reconnect. A
// client that started a request and is too slow still gets Node's own answer (408, 400, 431).
import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";

const STATUS_LINES: Readonly<Record<string, string>> = {
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
};

export function closeUnusedConnectionsQuietly(server: Server): void {
  // A "clientError" listener replaces Node's default answer, so the default is repeated here.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    const unused = (socket as Socket).bytesRead === 0;
    const answered = (socket as { _httpMessage?: unknown })._httpMessage;
    if (unused || error.code === "ECONNRESET" || !socket.writable || answered) {
      socket.destroy();
      return;
    }
    socket.end(`HTTP/1.1 ${STATUS_LINES[error.code ?? ""] ?? "400 Bad Request"}\r\nConnection: close\r\n\r\n`);
  });
}
