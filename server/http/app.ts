// The Express application: every HTTP route on the one port except IPP, which is answered before
// Express sees the request (see server/main.ts) so that no body parser ever buffers a document.
import express, { type Express } from "express";
import type { ApiServices } from "../admin-api/api-services.js";
import { createApiRouter } from "../admin-api/api-router.js";
import { ConsoleSessions } from "../admin-api/console-sessions.js";
import { noPresence, type KioskPresence } from "../admin-api/kiosk-presence.js";
import { LoginLimiter } from "../admin-api/login-limiter.js";
import { PendingSignIns } from "../admin-api/oidc-pending-sign-ins.js";
import { PairingCodes } from "../admin-api/pairing-codes.js";
import { PairingLimiter } from "../admin-api/pairing-limiter.js";
import type { AppContext } from "../app-context.js";
import { PrintvaktError } from "../../core/errors.js";
import type { OidcSignIn } from "../identity/oidc/oidc-client.js";
import type { Logger } from "../logger.js";
import type { PrinterFleet } from "../release/printer-fleet.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { systemClock } from "../clock.js";
import { DataHealth } from "../data-dir/data-health.js";
import { dataHealthProbes } from "../data-dir/health-probes.js";
import { errorHandler } from "./error-handler.js";
import { healthHandler } from "./health.js";
import { PRINTER_ICON_PATH } from "../ipp/queue-capabilities.js";
import { printerIconHandler } from "./printer-icon.js";
import { PublicHosts } from "./public-hosts.js";
import { securityHeaders } from "./security-headers.js";
import { staticPages } from "./static-pages.js";

export interface HttpParts {
  spool: SpoolStore;
  logger: Logger;
  fleet?: PrinterFleet;
  presence?: KioskPresence;
  oidc?: OidcSignIn;
}

export function createHttpApp(context: AppContext, parts: HttpParts): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(securityHeaders);
  const hosts = PublicHosts.fromConfig(context.config);
  // With PRINTVAKT_PUBLIC_HOSTS set, a browser request naming another host (DNS rebinding) is refused.
  if (hosts.enforced) {
    app.use((request, _response, next) => next(hosts.isOurs(request) ? undefined : new PrintvaktError("bad-request", "This server does not answer to that host name")));
  }
  app.get("/healthz", healthHandler(context.db, new DataHealth(dataHealthProbes(context), systemClock, parts.logger)));
  app.get(PRINTER_ICON_PATH, printerIconHandler);
  const services: ApiServices = {
    context,
    spool: parts.spool,
    logger: parts.logger,
    fleet: parts.fleet,
    sessions: new ConsoleSessions(),
    pairing: new PairingCodes(),
    presence: parts.presence ?? noPresence,
    loginLimiter: new LoginLimiter(),
    pairingLimiter: new PairingLimiter(),
    tlsConfigured: context.config.tlsCertFile !== undefined,
    oidc: parts.oidc,
    oidcPending: new PendingSignIns(),
  };
  app.use(createApiRouter(services));
  app.use(staticPages({ consoleOnlyOverTls: services.tlsConfigured, hosts }));
  app.use(errorHandler(parts.logger));
  return app;
}
