// Lets the one HTTP port speak TLS as well (ipps://, https://), as cupsd does: each new connection
// is told apart by its first octet, so ipp:// clients on trusted networks keep working while
// clients that must send a password use ipps:// on the same port and the same DNS-SD record.
import { readFile } from "node:fs/promises";
import type { Server as HttpServer } from "node:http";
import type { Socket } from "node:net";
import tls from "node:tls";
import { PrintvaktError } from "../../core/errors.js";
import { waitForFirstOctet } from "./first-octet.js";

/** A TLS connection starts with a handshake record: content type 22. Plain HTTP starts with a letter. */
const TLS_HANDSHAKE = 0x16;

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

async function readPem(file: string, variable: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new PrintvaktError("bad-config", `${variable}: cannot read ${file}: ${(error as Error).message}`);
  }
}

/**
 * Makes `server` (not yet listening) accept TLS on its own port. The HTTP server keeps every other
 * duty (timeouts, keep-alive, upgrade for socket.io, close); it receives TLS connections already
 * decrypted, with `socket.encrypted` set, exactly as an https server would hand them over.
 */
export async function acceptTlsOnSamePort(server: HttpServer, files: TlsFiles, silentLimitMs: number): Promise<void> {
  const [cert, key] = [await readPem(files.certFile, "PRINTVAKT_TLS_CERT"), await readPem(files.keyFile, "PRINTVAKT_TLS_KEY")];
  let tlsServer: tls.Server;
  try {
    // Never listens: it only runs handshakes on sockets we hand it.
    tlsServer = tls.createServer({ cert, key, ALPNProtocols: ["http/1.1"], minVersion: "TLSv1.2" });
  } catch (error) {
    throw new PrintvaktError("bad-config", `PRINTVAKT_TLS_CERT/PRINTVAKT_TLS_KEY are not a usable certificate and key: ${(error as Error).message}`);
  }
  const toHttp = waitForFirstOctet(server, silentLimitMs, (socket, first) => {
    if (first[0] !== TLS_HANDSHAKE) return "http";
    // The TLS socket reads what is already buffered first (node's initRead), then the rest.
    tlsServer.emit("connection", socket);
    return "taken";
  });
  tlsServer.on("secureConnection", toHttp);
  // A failed handshake (plain bytes, a client refusing our certificate) ends only that connection.
  tlsServer.on("tlsClientError", (_error, socket) => socket.destroy());
}
