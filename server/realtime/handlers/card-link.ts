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
import { openSession } from "../session-start.js";

const REFUSED = "The user name or the password/code is wrong";

export function cardLink(services: KioskServices, kiosk: KioskRecord) {
  return async (payload: unknown): Promise<Record<string, unknown>> => {
    const request = parsePayload(cardLinkPayload, payload);
    await services.linkLimiter.consume(`kiosk:${kiosk.id}`).catch(() => {
      throw new PrintvaktError("too-many", "Too many attempts: wait a minute");
    });
    const link = services.links.take(kiosk.id, request.linkId);
    if (!link) throw new PrintvaktError("not-possible", "Badge the card again to link it");
    let username: string;
    try {
      username = canonicalUsername(request.username);
    } catch {
      throw new PrintvaktError("not-authenticated", REFUSED);
    }
    const { db } = services.context;
    const user = await findUserByName(db, username);
    const proven =
      user !== null &&
      (request.kind === "password"
        ? user.passwordHash !== null && (await verifySecret(user.passwordHash, request.secret))
        : await db.write((tx) => consumeEnrolmentCode(tx, user.id, createHash("sha256").update(request.secret.trim()).digest("hex"))));
    if (!proven || !user) throw new PrintvaktError("not-authenticated", REFUSED);
    // Directory people (disabled ones included) get cards only from the directory; checked after
    // the proof, so the answer tells nothing about an account to someone who could not prove it.
    assertEditable(user, "cards");
    await db.write(async (tx) => {
      await addCard(tx, user.id, link.card);
      await appendAudit(tx, { type: "card.linked", actor: `user:${user.username}`, subject: `user:${user.username}`, details: { cardHash: keyedHash(services.context.auditHashKey, link.card), kiosk: kiosk.name } });
    });
    const opened = await openSession(services, kiosk, { ...user, cards: [...user.cards, link.card] }, link.card);
    return { outcome: opened.outcome };
  };
}
