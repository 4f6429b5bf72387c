// POST /api/kiosk/pair: a kiosk screen trades a one-time pairing code for its kiosk's token, which
// comes back in the JSON body (never in a URL) and is kept in the screen's localStorage.
import { z } from "zod";
import { PrintvaktError } from "../../../core/errors.js";
import { tokenHash } from "../../identity/secrets.js";
import { findKioskByTokenHash } from "../../store/kiosks.js";
import { parseInput, type ApiRoute } from "../route.js";
import { appendAuditAlone } from "../../store/audit-group-commit.js";

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
      const db = services.context.db;
      // Failures are audited as kiosk.refused with the peer and a reason, never the code typed.
      // Each checked wrong code is one entry (at most the per-address limit per window); refusals
      // past the limit write one entry per window (the first), so a flood cannot grow the log.
      const refuse = (reason: string) => appendAuditAlone(db, { type: "kiosk.refused", actor: null, subject: null, details: { peer, reason } });
      const limited = await services.pairingLimiter.take(peer);
      if (!limited.allowed) {
        if (limited.firstRefusal) await refuse("pairing-rate-limited");
        throw new PrintvaktError("too-many", "Too many pairing attempts from here: wait ten minutes, or ask an admin for a new code");
      }
      const redeemed = services.pairing.redeem(code);
      const kiosk = redeemed ? await findKioskByTokenHash(db, tokenHash(redeemed.token)) : null;
      if (!redeemed || !kiosk || kiosk.revokedAt) {
        await refuse("pairing-code-wrong");
        throw new PrintvaktError("not-found", REFUSED);
      }
      await limited.attempt.succeeded();
      await appendAuditAlone(db, { type: "kiosk.paired", actor: `kiosk:${kiosk.name}`, subject: null, details: { peer } });
      return { token: redeemed.token, kiosk: kiosk.name };
    },
  },
];
