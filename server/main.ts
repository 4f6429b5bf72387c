// Composition root: builds the server from its parts, starts listening, and stops it gracefully.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AppContext } from "./app-context.js";
import { createHttpApp } from "./http/app.js";
import { IppEndpoint, isIppRequest } from "./ipp/http-endpoint.js";
import type { IppServices } from "./ipp/ipp-services.js";
import { describeQueue } from "./ipp/queue-description.js";
import type { Logger } from "./logger.js";
import { SpoolStore } from "./spool/spool-store.js";
import { liveSpoolIds } from "./store/jobs.js";

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export async function startServer(context: AppContext, logger: Logger): Promise<RunningServer> {
  const spool = await SpoolStore.open(context.spoolDir);
  // Files whose job has no key (destroyed while the server was down, or half-written) go first.
  const removed = await spool.removeOrphans(await liveSpoolIds(context.db.prisma));
  if (removed.length > 0) logger.info({ files: removed.length }, "removed orphaned spool files");
  const services: IppServices = {
    context,
    spool,
    logger,
    startedAt: new Date(),
    describeQueue: () => describeQueue(context.config, context.db, context.masterKey.id),
    uploads: { active: 0 },
  };
  const ipp = new IppEndpoint(services);
  const app = createHttpApp(context);
  const server = http.createServer({ headersTimeout: context.config.headerTimeoutMs, requestTimeout: 0, keepAliveTimeout: 5_000 }, (request, response) => {
    if (isIppRequest(request)) void ipp.handle(request, response);
    else app(request, response);
  });
  server.on("checkContinue", (request, response) => {
    if (!isIppRequest(request)) {
      response.writeContinue();
      app(request, response);
      return;
    }
    void ipp.checkContinue(request, response).then(async (accepted) => {
      if (accepted) await ipp.handle(request, response);
      else request.resume();
    });
  });
  // Slow clients: a connection silent for this long is closed, mid-upload or not.
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
