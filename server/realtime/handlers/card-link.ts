// card:link — an unknown card is linked to the account of the person standing at the kiosk, once
// they prove who they are (account password, or a one-time enrolment code from an admin).
import { createHash } from "node:crypto";
import { keyedHash } from "../../audit/keyed-hash.js";
import { PrintvaktError } from "../../../core/errors.js";
import { verifySecret } from "../../identity/secrets.js";
import { canonicalUsername } from "../../identity/usernames.js";
import { appendAudit } from "../../store/audit-log.js";
import { consumeEnrolmentCode } from "../../store/enrolment-codes.js";
import type { KioskRecord } from "../../store/kiosks.js";
import { assertEditable } from "../../policy/directory-managed.js";
import { addCard, findUserByName } from "../../store/users.js";
import type { KioskServices } from "../kiosk-services.js";
import { cardLinkPayload, parsePayload } from "../payloads.js";
import type { z } from "zod";
import { openSession } from "../session-start.js";

const REFUSED = "The user name or the password/code is wrong";

type CardLinkRequest = z.infer<typeof cardLinkPayload>;

/** Link attempts per kiosk per minute (start-realtime.ts); the first refusal past it is audited. */
const FIRST_OVER_LIMIT = 6;

export function cardLink(services: KioskServices, kiosk: KioskRecord) {
  const { db, auditHashKey } = services.context;
  /**
   * A failed link is audited with the account it tried as subject (review L1: someone trying
   * colleagues' passwords at a kiosk left only card.unknown behind), or a keyed hash of the name
   * typed when it names nobody. The answer stays the same whatever is recorded.
   */
  const refuse = async (reason: string, request: CardLinkRequest, account: string | null, cardHash?: string): Promise<never> => {
    const details: Record<string, string> = { reason, method: request.kind };
    if (account === null) details.claimedUserHash = keyedHash(auditHashKey, request.username);
    if (cardHash !== undefined) details.cardHash = cardHash;
    await db.write((tx) => appendAudit(tx, { type: "card.link-failed", actor: `kiosk:${kiosk.name}`, subject: account === null ? null : `user:${account}`, details }));
    throw new PrintvaktError(reason === "rate-limited" ? "too-many" : "not-authenticated", reason === "rate-limited" ? "Too many attempts: wait a minute" : REFUSED);
  };

  return async (payload: unknown): Promise<Record<string, unknown>> => {
    const request = parsePayload(cardLinkPayload, payload);
    const limited = await services.linkLimiter.consume(`kiosk:${kiosk.id}`).then(
      () => undefined,
      (rejection: { consumedPoints?: number }) => rejection,
    );
    if (limited) {
      // One entry per burst: the first attempt past the limit, not every one after it.
      if (limited.consumedPoints === FIRST_OVER_LIMIT) await refuse("rate-limited", request, await accountNamed(request.username));
      throw new PrintvaktError("too-many", "Too many attempts: wait a minute");
    }
    const link = services.links.take(kiosk.id, request.linkId);
    if (!link) throw new PrintvaktError("not-possible", "Badge the card again to link it");
    let username: string;
    try {
      username = canonicalUsername(request.username);
    } catch {
      return refuse("unknown-account", request, null, link.card.numberHash);
    }
    const user = await findUserByName(db, username);
    const proven =
      user !== null &&
      (request.kind === "password"
        ? user.passwordHash !== null && (await verifySecret(user.passwordHash, request.secret))
        : await db.write((tx) => consumeEnrolmentCode(tx, user.id, createHash("sha256").update(request.secret.trim()).digest("hex"))));
    if (!user) return refuse("unknown-account", request, null, link.card.numberHash);
    if (!proven) return refuse(request.kind === "password" ? "wrong-password" : "wrong-code", request, user.username, link.card.numberHash);
    // Directory people (disabled ones included) get cards only from the directory; checked after
    // the proof, so the answer tells nothing about an account to someone who could not prove it.
    assertEditable(user, "cards");
    const card = link.card;
    const added = await db.write(async (tx) => {
      const stored = await addCard(tx, user.id, card);
      await appendAudit(tx, { type: "card.linked", actor: `user:${user.username}`, subject: `user:${user.username}`, details: { cardHash: card.numberHash, kiosk: kiosk.name } });
      return stored;
    });
    const opened = await openSession(services, kiosk, { ...user, cards: [...user.cards, added] }, card.numberHash);
    return { outcome: opened.outcome };
  };

  async function accountNamed(typed: string): Promise<string | null> {
    try {
      return (await findUserByName(db, canonicalUsername(typed)))?.username ?? null;
    } catch {
      return null;
    }
  }
}
