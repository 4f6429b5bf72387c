// Composition root: builds the server from its parts, starts listening, and stops it gracefully.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AppContext } from "./app-context.js";
import { createHttpApp } from "./http/app.js";
import type { Logger } from "./logger.js";

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export async function startServer(context: AppContext, logger: Logger): Promise<RunningServer> {
  const app = createHttpApp(context);
  const server = http.createServer(
    { headersTimeout: context.config.headerTimeoutMs, requestTimeout: 0, keepAliveTimeout: 5_000 },
    app,
  );
  server.setTimeout(context.config.idleTimeoutMs);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(context.config.port, context.config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, dataDir: context.config.dataDir }, "printvakt listening");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
