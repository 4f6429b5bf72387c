// Kiosks: list with connection and printer status (both roles); create, issue a pairing code (a
// fresh screen token), revoke (admins). Tokens are shown once, in the answer that created them. The
// card reader's token is never issued here: only `printvakt kiosk add|token` on the server does.
import { z } from "zod";
import { addKiosk, disableKiosk, renewKioskToken } from "../../admin/kiosks.js";
import { PrintvaktError } from "../../../core/errors.js";
import { canManageKiosks, canViewConsole } from "../../policy/admin.js";
import { appendAudit } from "../../store/audit-log.js";
import { findKioskByName, listKiosks } from "../../store/kiosks.js";
import { listPrinters } from "../../store/printers.js";
import type { ApiServices } from "../api-services.js";
import { adminActor, parseInput, textParam, type ApiRoute } from "../route.js";

const kioskBody = z.object({ name: z.string().min(1).max(64), printer: z.string().min(1).max(64), releaseOnBadge: z.boolean().default(false) });

async function pairingFor(services: ApiServices, label: string, kiosk: { id: number; name: string }, token: string) {
  const pairing = services.pairing.create(kiosk.id, kiosk.name, token);
  await services.context.db.write((tx) => appendAudit(tx, { type: "admin.changed", actor: label, subject: `kiosk:${kiosk.name}`, details: { action: "added", fields: ["pairingCode"] } }));
  return { code: pairing.code, expiresAt: pairing.expiresAt.toISOString() };
}

export const kioskRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/kiosks",
    allow: canViewConsole,
    changes: false,
    handle: async ({ services }) => {
      const { db } = services.context;
      const [kiosks, printers, connections] = await Promise.all([listKiosks(db), listPrinters(db), services.presence.connections()]);
      return kiosks.map((kiosk) => {
        const printer = printers.find((entry) => entry.id === kiosk.printerId);
        return {
          name: kiosk.name,
          printer: kiosk.printerName,
          printerState: printer?.state ?? "unknown",
          releaseOnBadge: kiosk.releaseOnBadge,
          lastSeenAt: kiosk.lastSeenAt?.toISOString() ?? null,
          revoked: kiosk.revokedAt !== null,
          cardReaderEnrolled: kiosk.hasAgentCredential,
          connected: connections.get(kiosk.id) ?? { agents: 0, screens: 0 },
        };
      });
    },
  },
  {
    method: "POST",
    path: "/api/kiosks",
    allow: canManageKiosks,
    changes: true,
    handle: async ({ request, services, actor }) => {
      const input = parseInput(kioskBody, request.body);
      // The console gets the screen's token and pairing code; never a card reader credential (review M5, H3).
      const { kiosk, token } = await addKiosk(services.context.db, adminActor(actor), input, "api");
      return { name: kiosk.name, token, pairing: await pairingFor(services, adminActor(actor).label, kiosk, token) };
    },
  },
  {
    method: "POST",
    path: "/api/kiosks/:name/pairing-code",
    allow: canManageKiosks,
    changes: true,
    handle: async ({ request, services, actor }) => {
      const name = textParam(request.params.name);
      // The server keeps only a token's hash, so pairing means a fresh token: the old one stops now.
      const token = await renewKioskToken(services.context.db, adminActor(actor), name, "screen", "api");
      const kiosk = await findKioskByName(services.context.db, name);
      if (!kiosk) throw new PrintvaktError("not-found", `no kiosk named ${name}`);
      services.presence.disconnect(kiosk.id);
      return { name: kiosk.name, token, pairing: await pairingFor(services, adminActor(actor).label, kiosk, token) };
    },
  },
  {
    method: "POST",
    path: "/api/kiosks/:name/revoke",
    allow: canManageKiosks,
    changes: true,
    handle: async ({ request, services, actor }) => {
      const name = textParam(request.params.name);
      await disableKiosk(services.context.db, adminActor(actor), name);
      const kiosk = await findKioskByName(services.context.db, name);
      if (kiosk) {
        services.pairing.forgetKiosk(kiosk.id);
        services.presence.disconnect(kiosk.id);
      }
      return { ok: true };
    },
  },
];
