// card:present — a card was read at the kiosk: start a session, ask for a PIN, log out on a
// second tap, offer linking for an unknown card, or (reader-only kiosks) release at once.
import { PrintvaktError, toPrintvaktError } from "../../../core/errors.js";
import { canonicalCardNumber, cardEnding, hashCard } from "../../identity/card-numbers.js";
import type { KioskRecord } from "../../store/kiosks.js";
import { cardHolder } from "../../store/badge-reads.js";
import { CardLinks } from "../card-links.js";
import type { KioskServices } from "../kiosk-services.js";
import { cardPresentPayload, parsePayload } from "../payloads.js";
import { releaseOnBadge, tellBadgeAnswer } from "../release-on-badge.js";
import { firstName, openSession } from "../session-start.js";
import { appendAuditAlone } from "../../store/audit-group-commit.js";
import { encodableText } from "../../audit/canonical.js";

export function cardPresent(services: KioskServices, kiosk: KioskRecord) {
  return async (payload: unknown): Promise<Record<string, unknown>> => {
    const { card: read, raw } = parsePayload(cardPresentPayload, payload);
    await services.cardLimiter.consume(`kiosk:${kiosk.id}`).catch(() => {
      throw new PrintvaktError("too-many", "Too many card reads: wait a moment");
    });
    // Hashed at once: from here on only the keyed hash and the ending exist in this process.
    const card = hashCard(services.context.auditHashKey, canonicalCardNumber(read));
    const { numberHash, lastDigits } = card;
    const user = await cardHolder(services.context.db, numberHash);
    if (!user) {
      // Never the number (review H3): its hash links repeated reads of one card, and the endings of
      // what the agent sent and of what the reader typed are enough to compare with a card register.
      await appendAuditAlone(services.context.db, {
        type: "card.unknown",
        actor: `kiosk:${kiosk.name}`,
        subject: null,
        details: { cardHash: numberHash, cardEnding: lastDigits, rawEnding: encodableText(cardEnding((raw ?? read).trim().slice(0, 128))) },
      });
      // A reader-only kiosk links no cards (nobody can type there): it only says the card is unknown.
      if (kiosk.releaseOnBadge) {
        tellBadgeAnswer(services, kiosk.id, { outcome: "card-unknown" });
        return { outcome: "unknown-card" };
      }
      const link = services.links.create(kiosk.id, card);
      services.emitToKiosk(kiosk.id, "card:unknown", { linkId: link.id, expiresInSeconds: CardLinks.ttlSeconds });
      return { outcome: "unknown-card" };
    }
    if (user.disabledAt !== null) {
      // Disabled or dropped by the directory: the card is known, so it is refused by name in the audit.
      const reason = user.disabledReason ?? "disabled";
      await appendAuditAlone(services.context.db, { type: "card.refused", actor: `kiosk:${kiosk.name}`, subject: `user:${user.username}`, details: { cardHash: numberHash, reason } });
      if (kiosk.releaseOnBadge) tellBadgeAnswer(services, kiosk.id, { outcome: "card-refused" });
      throw new PrintvaktError("forbidden", `card of ${reason} person refused`, { userMessage: "This card is not active" });
    }
    const open = services.sessions.current(kiosk.id);
    if (open && open.userId === user.id) {
      await services.sessions.endRecorded(kiosk.id, "second-tap");
      return { outcome: "logged-out" };
    }
    try {
      services.pins.assertNotLocked(user);
    } catch (error) {
      // Whoever holds the card learns no more than a first name, and when the lock ends; a
      // reader-only kiosk's screen, which anyone passing can read, not even that.
      if (kiosk.releaseOnBadge) tellBadgeAnswer(services, kiosk.id, { outcome: "card-refused" });
      else services.emitToKiosk(kiosk.id, "session:locked", { displayName: firstName(user.displayName || user.username), ...toPrintvaktError(error).answer });
      throw error;
    }
    if (kiosk.releaseOnBadge) return releaseOnBadge(services, kiosk, user, numberHash);
    const opened = await openSession(services, kiosk, user, numberHash);
    return { outcome: opened.outcome };
  };
}
