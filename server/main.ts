// Composition root: builds the server from its parts, starts listening, and stops it gracefully.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AppContext } from "./app-context.js";
import type { DriverOptions } from "../drivers/printers/driver-for-uri.js";
import { httpStatusOf } from "../core/error-answers.js";
import { socketPresence } from "./admin-api/kiosk-presence.js";
import { advertiseQueue } from "./dnssd/advertise.js";
import { createHttpApp } from "./http/app.js";
import { waitForFirstOctet } from "./http/first-octet.js";
import { acceptTlsOnSamePort } from "./http/tls-on-same-port.js";
import { closeUnusedConnectionsQuietly } from "./http/unused-connections.js";
import { IppEndpoint, isIppRequest } from "./ipp/http-endpoint.js";
import type { IppServices } from "./ipp/ipp-services.js";
import { RefusalAudit } from "./ipp/refusal-audit.js";
import { UploadSlots } from "./ipp/upload-slots.js";
import { TitleReadAudit } from "./ipp/title-read-audit.js";
import { describeQueue, type AdvertisedName } from "./ipp/queue-description.js";
import { openOidcSignIn } from "./identity/oidc/oidc-client.js";
import { secretCheckGate } from "./identity/secret-check-gate.js";
import type { Logger } from "./logger.js";
import { SpoolStore } from "./spool/spool-store.js";
import { appendAudit } from "./store/audit-log.js";
import { systemClock } from "./clock.js";
import { PrinterFleet } from "./release/printer-fleet.js";
import { destinationRules, printerDriverFactory } from "./admin/printer-destinations.js";
import { printerDriverOptions } from "./release/printer-driver-options.js";
import { recoverInterruptedReleases } from "./retention/interrupted-releases.js";
import { purgeUnreadableJobs } from "./data-dir/purge-unreadable-jobs.js";
import { assertSpoolMatchesJobs, purgeJobsWithoutDocument } from "./retention/missing-documents.js";
import { sweepOrphansKnownAtStart } from "./retention/orphan-sweep.js";
import { startRetention } from "./retention/scheduler.js";
import { startRealtime } from "./realtime/start-realtime.js";
import { startDirectorySchedule } from "./directory/sync-schedule.js";

/** How often slow request headers are looked for: the header timeout holds to within this. */
const HEADER_CHECK_INTERVAL_MS = 1_000;
/** How often printers are asked for their state and capabilities. */
const PRINTER_REFRESH_MS = 60_000;

export interface RunningServer {
  port: number;
  /** Asks every printer for its state now (the CLI adds printers without the server hearing of it). */
  refreshPrinters(): Promise<void>;
  close(): Promise<void>;
}

/** What tests may change beyond the configuration: shorter waits for the printer drivers. */
export interface ServerOptions {
  /** Merged over the drivers' settings from the configuration (retry time, tracking bound). */
  printerDrivers?: DriverOptions;
  /** How often printers are asked for their state (default a minute); tests lengthen it to see what else asks. */
  printerRefreshMs?: number;
  /** The operator accepted losing the live jobs the master key cannot open: destroy them before listening. */
  purgeUnreadableJobs?: boolean;
  /** The operator gave up this many live jobs whose document is missing (server/retention/missing-documents.ts): only exactly that many are destroyed. */
  acceptMissingDocuments?: number;
  /** The operator let the sweep delete this many complete spool files that no job names (same module): only if exactly that many are. */
  acceptOrphanDocuments?: number;
}

export async function startServer(context: AppContext, logger: Logger, options: ServerOptions = {}): Promise<RunningServer> {
  // First, so that a readable client secret file stops startup before anything else runs.
  const oidc = await openOidcSignIn(context.config);
  secretCheckGate.configure({ atOnce: context.config.secretChecksAtOnce, waiting: context.config.secretCheckQueue });
  context.disk.reportTo(logger);
  const spool = await SpoolStore.open(context.spoolDir);
  const missingDocuments = { db: context.db, spool, logger, acceptedCount: options.acceptMissingDocuments, acceptedOrphanCount: options.acceptOrphanDocuments };
  // Both sides compared, and the start refused, before either sweep deletes anything.
  const spoolComparison = await assertSpoolMatchesJobs(missingDocuments);
  // Files whose job has no key (destroyed while the server was down, or half-written) go first.
  const removed = await sweepOrphansKnownAtStart(spool, spoolComparison.keyedSpoolIds);
  if (removed.length > 0) logger.info({ files: removed.length }, "removed orphaned spool files");
  await recoverInterruptedReleases(context.db, logger);
  // And jobs whose file is gone: they could never print.
  await purgeJobsWithoutDocument(missingDocuments, spoolComparison);
  if (options.purgeUnreadableJobs) await purgeUnreadableJobs({ db: context.db, spool, logger, masterKey: context.masterKey });
  // What avahi registered the queue as; printer-dns-sd-name follows it after a collision rename.
  const advertisedName: AdvertisedName = { current: undefined };
  const services: IppServices = {
    context,
    spool,
    logger,
    startedAt: new Date(),
    describeQueue: () => describeQueue(context.config, context.masterKey.id, advertisedName),
    uploads: new UploadSlots({ total: context.config.maxUploads, perAddress: context.config.maxUploadsPerAddress }),
    refusals: new RefusalAudit(async (record) => {
      try {
        await context.db.write((tx) => appendAudit(tx, record));
      } catch (error) {
        logger.error({ err: String(error) }, "could not audit a refused IPP request");
      }
    }, systemClock),
    // Unlike a refusal, a title read that cannot be audited fails: the titles are not sent.
    titleReads: new TitleReadAudit(async (record) => {
      await context.db.write((tx) => appendAudit(tx, record));
    }, systemClock),
  };
  const ipp = new IppEndpoint(services);
  // A bug on the IPP path must cost one request, never the process (an unhandled rejection ends Node).
  const handleIpp = (work: Promise<void>, response: http.ServerResponse): void => {
    work.catch((error: unknown) => {
      logger.error({ err: String(error) }, "IPP request failed unexpectedly");
      if (response.headersSent) response.destroy();
      else response.writeHead(httpStatusOf("internal"), { "Content-Type": "text/plain; charset=utf-8", Connection: "close" }).end("Internal error\n");
    });
  };
  // Node checks headersTimeout only every connectionsCheckingInterval (30 s by default), so slow
  // headers ran to about 29 s whatever PRINTVAKT_HEADER_TIMEOUT said (review I4): check every second.
  const headerChecks = Math.min(HEADER_CHECK_INTERVAL_MS, context.config.headerTimeoutMs);
  const server = http.createServer({ headersTimeout: context.config.headerTimeoutMs, requestTimeout: 0, keepAliveTimeout: context.config.keepAliveTimeoutMs, connectionsCheckingInterval: headerChecks }, (request, response) => {
    if (isIppRequest(request)) handleIpp(ipp.handle(request, response), response);
    else app(request, response);
  });
  // With a certificate the same port also speaks TLS (ipps://, https://), told apart per connection.
  closeUnusedConnectionsQuietly(server);
  // Before its first octet a connection is idle (keep-alive timeout); the header timeout starts with the request.
  if (context.config.tlsCertFile && context.config.tlsKeyFile) await acceptTlsOnSamePort(server, { certFile: context.config.tlsCertFile, keyFile: context.config.tlsKeyFile }, context.config.keepAliveTimeoutMs);
  else waitForFirstOctet(server, context.config.keepAliveTimeoutMs);
  server.on("checkContinue", (request, response) => {
    if (!isIppRequest(request)) {
      response.writeContinue();
      app(request, response);
      return;
    }
    const work = ipp.checkContinue(request, response).then(async (accepted) => {
      if (accepted) await ipp.handle(request, response);
      else request.resume();
    });
    handleIpp(work, response);
  });
  const fleet = new PrinterFleet(context.db, logger, printerDriverFactory(destinationRules(context.config), printerDriverOptions(context.config, options.printerDrivers)));
  const realtime = startRealtime(server, context, spool, fleet, logger);
  // Created after realtime (the console shows which kiosks are connected); requests only arrive once listening.
  const app = createHttpApp(context, { spool, logger, fleet, presence: socketPresence(realtime.io), oidc });
  void fleet.refreshAll();
  const printerRefresh = setInterval(() => void fleet.refreshAll(), options.printerRefreshMs ?? PRINTER_REFRESH_MS);
  printerRefresh.unref();
  await startRetention({ context, spool, logger, server });
  const directorySchedule = startDirectorySchedule(context, spool, logger);
  // Slow clients: a connection silent for this long is closed, mid-upload or not.
  server.setTimeout(context.config.idleTimeoutMs);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(context.config.port, context.config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, dataDir: context.config.dataDir }, "printvakt listening");
  await advertiseQueue({ server, config: context.config, port, describeQueue: services.describeQueue, advertisedName, logger });
  return {
    port,
    refreshPrinters: () => fleet.refreshAll(),
    close: async () => {
      clearInterval(printerRefresh);
      await directorySchedule.stop();
      await realtime.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      // Requests are over: the counts of coalesced refusals are written before the database closes.
      await services.refusals.flush();
      await spool.close();
      await services.titleReads.flush().catch((error: unknown) => logger.error({ err: String(error) }, "could not audit repeated IPP title reads"));
      // Awaited before the database closes (fire-and-forget lost it to the closing database): the
      // next start continues the held-time clock from here, not from the last tick.
      await context.heldTime.save(context.db).catch((error: unknown) => logger.error({ err: String(error) }, "could not store the held-time clock; the next start continues from the last tick"));
    },
  };
}
