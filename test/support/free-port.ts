// Picks a TCP port that is free on loopback, for peers started by tests.
import { createServer } from "node:net";

function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const chosen = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(chosen));
    });
  });
}

/**
 * A port free on 127.0.0.1 and, where the machine has IPv6 loopback, on ::1 too
 * (ippeveprinter -n localhost listens on both). Another process can still take it
 * before the caller binds it; callers that start a peer should retry on "address in use".
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await listenOnce("127.0.0.1", 0);
    try {
      await listenOnce("::1", port);
      return port;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRNOTAVAIL" || code === "EAFNOSUPPORT") return port; // no IPv6 loopback here
      // taken on ::1: try another
    }
  }
  throw new Error("could not find a loopback port free on both 127.0.0.1 and ::1");
}
