// POST /api/kiosk/pair: a kiosk screen trades a one-time pairing code for its kiosk's token, which
// comes back in the JSON body (never in a URL) and is kept in the screen's localStorage.
import { z } from "zod";
import { PrintvaktError } from "../../../core/errors.js";
import { tokenHash } from "../../identity/secrets.js";
import { appendAudit } from "../../store/audit-log.js";
import { findKioskByTokenHash } from "../../store/kiosks.js";
import { parseInput, type ApiRoute } from "../route.js";

const pairBody = z.object({ code: z.string().min(1).max(32) });
const REFUSED = "This pairing code is not valid: ask an admin for a new one";

export const pairingRoutes: ApiRoute[] = [
  {
    method: "POST",
    path: "/api/kiosk/pair",
    allow: "public",
    changes: true,
    handle: async ({ request, services, peer }) => {
      const { code } = parseInput(pairBody, request.body);
      const limited = await services.pairingLimiter.get(peer);
      if (limited && limited.remainingPoints <= 0) throw new PrintvaktError("too-many", "Too many attempts: wait a few minutes");
      const redeemed = services.pairing.redeem(code);
      const kiosk = redeemed ? await findKioskByTokenHash(services.context.db, tokenHash(redeemed.token)) : null;
      if (!redeemed || !kiosk || kiosk.revokedAt) {
        await services.pairingLimiter.consume(peer).catch(() => undefined);
        throw new PrintvaktError("not-found", REFUSED);
      }
      await services.context.db.write((tx) => appendAudit(tx, { type: "kiosk.paired", actor: `kiosk:${kiosk.name}`, subject: null, details: { peer } }));
      return { token: redeemed.token, kiosk: kiosk.name };
    },
  },
];
