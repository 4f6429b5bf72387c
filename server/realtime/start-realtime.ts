// Builds the kiosk side of the server: socket.io on the shared HTTP server, sessions, release,
// and printer status pushed to the kiosks beside each printer.
import type { Server as HttpServer } from "node:http";
import { RateLimiterMemory } from "../identity/rate-limiter-memory.js";
import { Server } from "socket.io";
import type { AppContext } from "../app-context.js";
import { systemClock, type Clock } from "../clock.js";
import { PinGuard } from "../identity/pin-guard.js";
import type { Logger } from "../logger.js";
import type { PrinterFleet } from "../release/printer-fleet.js";
import { ReleaseService } from "../release/release-service.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { applySecurityHeaders } from "../http/security-headers.js";
import { listKiosks } from "../store/kiosks.js";
import { listPrinters } from "../store/printers.js";
import { CardLinks } from "./card-links.js";
import { attachKioskNamespace, KIOSK_NAMESPACE, kioskRoom } from "./kiosk-namespace.js";
import { KioskSessions } from "./kiosk-sessions.js";
import { printersAffectedBy, printerStatusPayload } from "./printer-alternative.js";
import type { KioskServices } from "./kiosk-services.js";
import { appendAuditAlone } from "../store/audit-group-commit.js";

/** socket.io's default path: the client bundle and long polling. */
const SOCKET_IO_PATH = "/socket.io/";

export interface Realtime {
  io: Server;
  services: KioskServices;
  close(): Promise<void>;
}

export function startRealtime(httpServer: HttpServer, context: AppContext, spool: SpoolStore, fleet: PrinterFleet, logger: Logger, clock: Clock = systemClock): Realtime {
  const io = new Server(httpServer, { serveClient: true, maxHttpBufferSize: 64 * 1024, transports: ["websocket", "polling"] });
  // socket.io answers its own paths before Express: its answers get the same security headers
  // (set first, they are merged into the head socket.io writes).
  httpServer.prependListener("request", (request, response) => {
    if (request.url?.startsWith(SOCKET_IO_PATH)) applySecurityHeaders(request, response);
  });
  const namespace = () => io.of(KIOSK_NAMESPACE);
  const emitToKiosk = (kioskId: number, event: string, payload: unknown) => void namespace().to(kioskRoom(kioskId)).emit(event, payload);
  const sessions = new KioskSessions(context.config.kioskIdleTimeoutMs, (session, reason) => {
    emitToKiosk(session.kioskId, "session:ended", { sessionId: session.id, reason });
    if (session.pinPending) return undefined; // never started: nothing to close in the audit
    return appendAuditAlone(context.db, {
      type: "session.ended",
      actor: `user:${session.username}`,
      subject: `kiosk:${session.kioskName}`,
      details: { sessionId: session.id, reason, released: session.released, deleted: session.deleted, durationSeconds: Math.round((clock.now() - session.startedAt) / 1000) },
    })
      .catch((error: unknown) => logger.error({ err: String(error) }, "could not audit a session end"));
  }, clock);
  const pins = new PinGuard(context, clock);
  const services: KioskServices = {
    context,
    sessions,
    release: new ReleaseService(context, spool, fleet, pins, logger),
    pins,
    links: new CardLinks(clock),
    logger,
    clock,
    cardLimiter: new RateLimiterMemory({ points: 30, duration: 60 }),
    linkLimiter: new RateLimiterMemory({ points: 5, duration: 60 }),
    emitToKiosk,
  };
  attachKioskNamespace(io, services, spool);
  // A printer's change reaches its own kiosks and the kiosks of printers that name it as nearby (their
  // suggestion may change). The fleet has recorded the state before it tells: the store is current.
  fleet.onStatus((changed) => {
    void Promise.all([listKiosks(context.db), listPrinters(context.db)])
      .then(([kiosks, printers]) => {
        for (const printer of printersAffectedBy(changed.id, printers)) {
          const payload = printerStatusPayload(printer, printers);
          for (const kiosk of kiosks.filter((entry) => entry.printerId === printer.id)) emitToKiosk(kiosk.id, "printer:status", payload);
        }
      })
      .catch((error: unknown) => logger.error({ err: String(error) }, "could not tell kiosks a printer's state"));
  });
  return {
    io,
    services,
    close: async () => {
      sessions.endAll("disconnected");
      io.of(KIOSK_NAMESPACE).disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
