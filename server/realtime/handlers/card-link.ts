// card:link — an unknown card is linked to the account of the person standing at the kiosk, once
// they prove who they are (account password, or a one-time enrolment code from an admin).
import { createHash } from "node:crypto";
import { keyedHash } from "../../audit/keyed-hash.js";
import { PrintvaktError } from "../../../core/errors.js";
import type { HashedCard } from "../../identity/card-numbers.js";
import { verifySecret } from "../../identity/secrets.js";
import { canonicalUsername } from "../../identity/usernames.js";
import { appendAudit } from "../../store/audit-log.js";
import { consumeEnrolmentCode, consumeEnrolmentCodeByHash } from "../../store/enrolment-codes.js";
import type { KioskRecord } from "../../store/kiosks.js";
import { assertEditable } from "../../policy/directory-managed.js";
import { addCard, findUserById, findUserByName, type UserRecord } from "../../store/users.js";
import type { KioskServices } from "../kiosk-services.js";
import { cardLinkPayload, parsePayload } from "../payloads.js";
import type { z } from "zod";
import { openSession } from "../session-start.js";
import { appendAuditAlone } from "../../store/audit-group-commit.js";

const REFUSED = "The user name or the password/code is wrong";

type CardLinkRequest = z.infer<typeof cardLinkPayload>;

/** Codes are printed upper case; the hash is of the code as issued (server/admin/user-access.ts). */
const codeHash = (secret: string) => createHash("sha256").update(secret.trim()).digest("hex");

/** Link attempts per kiosk per minute (start-realtime.ts); the first refusal past it is audited. */
const FIRST_OVER_LIMIT = 6;

export function cardLink(services: KioskServices, kiosk: KioskRecord) {
  const { db, auditHashKey } = services.context;
  /**
   * A failed link is audited with the account it tried as subject (review L1: someone trying
   * colleagues' passwords at a kiosk left only card.unknown behind), or a keyed hash of the name
   * typed when it names nobody. The answer stays the same whatever is recorded.
   */
  const refuse = async (reason: string, request: CardLinkRequest, account: string | null, card?: HashedCard): Promise<never> => {
    const details: Record<string, string> = { reason, method: request.kind };
    if (account === null && request.username !== "") details.claimedUserHash = keyedHash(auditHashKey, request.username);
    if (card !== undefined) details.cardHash = card.numberHash;
    await appendAuditAlone(db, { type: "card.link-failed", actor: `kiosk:${kiosk.name}`, subject: account === null ? null : `user:${account}`, details });
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
    // Not used up by a wrong try: the person may correct a typo within the link's time (review K11).
    const link = services.links.attempt(kiosk.id, request.linkId);
    if (!link) throw new PrintvaktError("not-possible", "Badge the card again to link it");
    const user = request.username.trim() === "" ? await userOfCode(request, link.card) : await userProvenByName(request, link.card);
    // Directory people (disabled ones included) get cards only from the directory; checked after
    // the proof, so the answer tells nothing about an account to someone who could not prove it.
    assertEditable(user, "cards");
    const card = link.card;
    const added = await db.write(async (tx) => {
      const stored = await addCard(tx, user.id, card);
      await appendAudit(tx, { type: "card.linked", actor: `user:${user.username}`, subject: `user:${user.username}`, details: { cardHash: card.numberHash, kiosk: kiosk.name } });
      return stored;
    });
    services.links.finish(link.id);
    const opened = await openSession(services, kiosk, { ...user, cards: [...user.cards, added] }, card.numberHash);
    return { outcome: opened.outcome };
  };

  /** A user name and a password or code: both must match the same account. */
  async function userProvenByName(request: CardLinkRequest, card: HashedCard): Promise<UserRecord> {
    let username: string;
    try {
      username = canonicalUsername(request.username);
    } catch {
      return refuse("unknown-account", request, null, card);
    }
    const user = await findUserByName(db, username);
    const proven =
      user !== null &&
      (request.kind === "password"
        ? user.passwordHash !== null && (await verifySecret(user.passwordHash, request.secret))
        : (await db.write((tx) => consumeEnrolmentCode(tx, user.id, codeHash(request.secret)))));
    if (!user) return refuse("unknown-account", request, null, card);
    if (!proven) return refuse(request.kind === "password" ? "wrong-password" : "wrong-code", request, user.username, card);
    return user;
  }

  /** An enrolment code alone: it is unique, and says whose it is. */
  async function userOfCode(request: CardLinkRequest, card: HashedCard): Promise<UserRecord> {
    if (request.kind !== "enrolment-code") return refuse("unknown-account", request, null, card);
    const userId = await db.write((tx) => consumeEnrolmentCodeByHash(tx, codeHash(request.secret)));
    const user = userId === null ? null : await findUserById(db, userId);
    if (!user) return refuse("wrong-code", request, null, card);
    return user;
  }

  async function accountNamed(typed: string): Promise<string | null> {
    try {
      return (await findUserByName(db, canonicalUsername(typed)))?.username ?? null;
    } catch {
      return null;
    }
  }
}
