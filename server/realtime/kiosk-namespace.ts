// The kiosk namespace: authenticates each connection by its kiosk token (hash lookup, origin
// allow-list, rate-limited failures), joins it to its kiosk's room, and wires the event handlers.
import type { Namespace, Server, Socket } from "socket.io";
import { RateLimiterMemory } from "../identity/rate-limiter-memory.js";
import { auditText } from "../audit/canonical.js";
import { tokenHash } from "../identity/secrets.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { appendAudit } from "../store/audit-log.js";
import { findKioskByCredential, touchKiosk, type KioskRecord, type KioskRole } from "../store/kiosks.js";
import { canActOnSessions, canPresentCards } from "../policy/kiosk-credentials.js";
import { PrintvaktError } from "../../core/errors.js";
import { listPrinters } from "../store/printers.js";
import { printerStatusPayload } from "./printer-alternative.js";
import { withAck } from "./ack.js";
import { cardLink } from "./handlers/card-link.js";
import { cardPresent } from "./handlers/card-present.js";
import { sessionDelete } from "./handlers/session-delete.js";
import { sessionExtend, sessionLogout } from "./handlers/session-extend.js";
import { sessionPin } from "./handlers/session-pin.js";
import { sessionRelease } from "./handlers/session-release.js";
import type { KioskServices } from "./kiosk-services.js";
import { appendAuditAlone } from "../store/audit-group-commit.js";

export const KIOSK_NAMESPACE = "/kiosk";
export const kioskRoom = (kioskId: number) => `kiosk:${kioskId}`;

function peerOf(socket: Socket): string {
  return socket.handshake.address || "unknown";
}

/** Same origin as the server, or listed in PRINTVAKT_KIOSK_ORIGINS; no Origin (a non-browser agent) is fine. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function attachKioskNamespace(io: Server, services: KioskServices, spool: SpoolStore): Namespace {
  const namespace = io.of(KIOSK_NAMESPACE);
  const { context, logger } = services;
  // Ten failed handshakes a minute per address, then refused without even a database lookup.
  const failures = new RateLimiterMemory({ points: 10, duration: 60 });

  async function refuse(socket: Socket, kiosk: KioskRecord | null, reason: string): Promise<Error> {
    await failures.consume(peerOf(socket)).catch(() => undefined);
    await appendAuditAlone(context.db, { type: "kiosk.refused", actor: kiosk ? `kiosk:${kiosk.name}` : null, subject: null, details: { peer: peerOf(socket), reason } })
      .catch((error: unknown) => logger.error({ err: String(error) }, "could not audit a refused kiosk"));
    return new Error("unauthorized");
  }

  namespace.use(async (socket, next) => {
    const limited = await failures.get(peerOf(socket));
    if (limited && limited.remainingPoints <= 0) return next(new Error("unauthorized"));
    if (!originAllowed(socket.handshake.headers.origin, socket.handshake.headers.host, context.config.kioskOrigins ?? [])) {
      return next(await refuse(socket, null, "origin-not-allowed"));
    }
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== "string" || token.length < 16 || token.length > 256) return next(await refuse(socket, null, "no-token"));
    const found = await findKioskByCredential(context.db, tokenHash(token));
    if (!found) return next(await refuse(socket, null, "unknown-token"));
    const { kiosk, role } = found;
    if (kiosk.revokedAt) return next(await refuse(socket, kiosk, "revoked"));
    socket.data.kiosk = kiosk;
    socket.data.role = role;
    socket.data.connectedAt = services.clock.now();
    next();
  });

  namespace.on("connection", (socket) => {
    const kiosk = socket.data.kiosk as KioskRecord;
    // The credential decides the role; what the client says it is does not (review M5).
    const role = socket.data.role as KioskRole;
    const agentVersion = (socket.handshake.auth as { agentVersion?: unknown }).agentVersion;
    void socket.join(kioskRoom(kiosk.id));
    void context.db
      .write(async (tx) => {
        await touchKiosk(tx, kiosk.id);
        const details: Record<string, string> = { peer: peerOf(socket), printer: kiosk.printerName };
        if (typeof agentVersion === "string") details.agentVersion = auditText(agentVersion, 32);
        await appendAudit(tx, { type: "kiosk.connected", actor: `kiosk:${kiosk.name}`, subject: null, details });
      })
      .catch((error: unknown) => logger.error({ err: String(error) }, "could not audit a kiosk connection"));
    logger.info({ kiosk: kiosk.name, role }, "kiosk connected");
    void hello(services, socket, kiosk);

    const presentCard = cardPresent(services, kiosk);
    socket.on(
      "card:present",
      withAck(logger, "card:present", async (payload: unknown) => {
        if (canPresentCards(role)) return presentCard(payload);
        // A screen presenting a card is someone at its browser typing a card number: refuse and record it.
        await appendAuditAlone(context.db, { type: "kiosk.refused", actor: `kiosk:${kiosk.name}`, subject: null, details: { peer: peerOf(socket), reason: "screen-cannot-present-cards" } });
        throw new PrintvaktError("forbidden", "Only the kiosk's card reader presents cards");
      }),
    );
    // A reader-only kiosk has no sessions to act on and links no cards: refused and recorded.
    const sessionAction = (event: string, handler: (payload: unknown) => Promise<Record<string, unknown>>) =>
      socket.on(
        event,
        withAck(logger, event, async (payload: unknown) => {
          if (canActOnSessions(kiosk)) return handler(payload);
          await appendAuditAlone(context.db, { type: "kiosk.refused", actor: `kiosk:${kiosk.name}`, subject: null, details: { peer: peerOf(socket), reason: "reader-only-kiosk", event } });
          throw new PrintvaktError("forbidden", "A reader-only kiosk prints at the badge; its screen only shows what each badge did");
        }),
      );
    sessionAction("session:pin", sessionPin(services, kiosk));
    sessionAction("session:release", sessionRelease(services, kiosk));
    sessionAction("session:delete", sessionDelete(services, kiosk, spool));
    sessionAction("session:extend", sessionExtend(services, kiosk));
    sessionAction("session:logout", sessionLogout(services, kiosk));
    sessionAction("card:link", cardLink(services, kiosk));

    socket.on("disconnect", (reason) => {
      void (async () => {
        // Fail closed: when any connection of the kiosk drops (screen or reader), its session ends,
        // so events the client buffered while offline name a session that no longer exists.
        services.sessions.end(kiosk.id, "disconnected");
        await appendAuditAlone(context.db, {
          type: "kiosk.disconnected",
          actor: `kiosk:${kiosk.name}`,
          subject: null,
          details: { peer: peerOf(socket), reason: auditText(String(reason), 64), connectedSeconds: Math.round((services.clock.now() - (socket.data.connectedAt as number)) / 1000) },
        });
      })().catch((error: unknown) => logger.error({ err: String(error) }, "kiosk disconnect handling failed"));
    });
  });
  return namespace;
}

async function hello(services: KioskServices, socket: Socket, kiosk: KioskRecord): Promise<void> {
  const printers = await listPrinters(services.context.db);
  const { config } = services.context;
  socket.emit("kiosk:hello", {
    kiosk: { name: kiosk.name, releaseOnBadge: kiosk.releaseOnBadge },
    printer: printerStatusPayload(printers.find((printer) => printer.id === kiosk.printerId), printers),
    language: services.context.config.language,
    idleTimeoutSeconds: Math.round(config.kioskIdleTimeoutMs / 1000),
    logoutAfterPrintingSeconds: Math.round(config.kioskLogoutAfterPrintingMs / 1000),
    contact: config.kioskContact ?? "",
    statusSound: config.kioskStatusSound,
  });
}
