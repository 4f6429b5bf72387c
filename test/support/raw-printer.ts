// A raw TCP printer port (like 9100 on a laser printer): keeps every connection's bytes, in order.
import net from "node:net";

export interface RawPrinter {
  uri: string;
  port: number;
  /**
   * Each finished connection's bytes, oldest first. Connections that sent nothing are not jobs:
   * Printvakt's status check opens and closes the port (a raw printer has no other way to answer).
   */
  jobs(): Buffer[];
  /** Waits until `count` jobs have ended; throws after timeoutMs. */
  waitForJobs(count: number, timeoutMs?: number): Promise<Buffer[]>;
  /** Connections that sent at least one byte, finished or not. */
  connectionsWithData(): number;
  stop(): Promise<void>;
}

export async function startRawPrinter(): Promise<RawPrinter> {
  const finished: Buffer[] = [];
  let withData = 0;
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => {
      if (chunks.length === 0) withData++;
      chunks.push(chunk);
    });
    socket.on("error", () => undefined);
    // Like a printer: close our side once the sender is done (or gone).
    socket.on("close", () => {
      if (chunks.length > 0) finished.push(Buffer.concat(chunks));
    });
    socket.on("end", () => socket.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    uri: `socket://127.0.0.1:${port}`,
    port,
    jobs: () => [...finished],
    connectionsWithData: () => withData,
    async waitForJobs(count, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (finished.length < count) {
        if (Date.now() > until) throw new Error(`raw printer: ${finished.length} of ${count} jobs after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return [...finished];
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
