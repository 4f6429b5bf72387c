// Managing people and their cards: validate, write, audit — in one transaction.
import { forField, PrintvaktError } from "../../core/errors.js";
import { hashTypedCard, type HashedCard } from "../identity/card-numbers.js";
import { hashSecret } from "../identity/secrets.js";
import { canonicalUsername } from "../identity/usernames.js";
import { appendAudit } from "../store/audit-log.js";
import type { Database, Transaction } from "../store/database.js";
import { addCard, createUser, findUserByName, removeCard, setPasswordHash, setPinHash, type UserRecord } from "../store/users.js";
import { assertEditable } from "../policy/directory-managed.js";
import type { AdminActor } from "./actor.js";

export function validPin(pin: string): string {
  if (!/^[0-9]{4,12}$/.test(pin)) throw new PrintvaktError("bad-request", "a PIN is 4 to 12 digits");
  return pin;
}

/** Printing passwords travel in every IPPS request: long enough to resist guessing, not a PIN. */
export function validPassword(password: string): string {
  if ([...password].length < 8 || Buffer.byteLength(password) > 1024) throw new PrintvaktError("bad-request", "a password is 8 to 1024 characters");
  return password;
}

export interface AuditSecrets {
  /** Key for keyed hashes of card numbers, stored and in the audit (linkable, not readable). */
  auditHashKey: Buffer;
}

export async function addUser(db: Database, actor: AdminActor, secrets: AuditSecrets, input: { username: string; displayName?: string; cards: string[]; pin?: string }): Promise<UserRecord> {
  const username = forField("username", () => canonicalUsername(input.username));
  const cards = forField("cards", () => input.cards.map((typed) => hashTypedCard(secrets.auditHashKey, typed)));
  if (new Set(cards.map((card) => card.numberHash)).size !== cards.length) throw new PrintvaktError("conflict", "the same card is given twice");
  const pinHash = input.pin === undefined ? null : await hashSecret(forField("pin", () => validPin(input.pin!)));
  const displayName = (input.displayName ?? "").trim().slice(0, 128);
  return db.write(async (tx) => {
    const user = await createUser(tx, { username, displayName, pinHash, cards });
    const fields = ["username", "displayName", ...(pinHash === null ? [] : ["pin"])];
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `user:${username}`, details: { action: "added", fields } });
    for (const card of cards) {
      await appendAudit(tx, { type: "card.linked", actor: actor.label, subject: `user:${username}`, details: { cardHash: card.numberHash } });
    }
    return user;
  });
}

/** Registers a typed card number for a person; returns the card as stored (its ending, never the number). */
export async function addUserCard(db: Database, actor: AdminActor, secrets: AuditSecrets, usernameRaw: string, cardRaw: string): Promise<HashedCard> {
  const username = canonicalUsername(usernameRaw);
  const card = hashTypedCard(secrets.auditHashKey, cardRaw);
  await db.write(async (tx) => {
    const user = await findUserByName(tx, username);
    if (!user) throw new PrintvaktError("not-found", `no user named ${username}`);
    assertEditable(user, "cards");
    await addCard(tx, user.id, card);
    await appendAudit(tx, { type: "card.linked", actor: actor.label, subject: `user:${username}`, details: { cardHash: card.numberHash } });
  });
  return card;
}

/**
 * Removes a person's card, named by its typed number (the CLI) or by its id (the console and API,
 * which never see numbers). Returns the card removed.
 */
export async function removeUserCard(db: Database, actor: AdminActor, secrets: AuditSecrets, usernameRaw: string, which: { number: string } | { cardId: number }): Promise<HashedCard> {
  const username = canonicalUsername(usernameRaw);
  const where = "number" in which ? { numberHash: hashTypedCard(secrets.auditHashKey, which.number).numberHash } : { id: which.cardId };
  return db.write(async (tx) => {
    const user = await findUserByName(tx, username);
    if (!user) throw new PrintvaktError("not-found", `no user named ${username}`);
    assertEditable(user, "cards");
    const removed = await removeCard(tx, user.id, where);
    if (removed === null) throw new PrintvaktError("not-found", `${username} has no such card`);
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `user:${username}`, details: { action: "removed", fields: ["card"], cardHash: removed.numberHash } });
    return removed;
  });
}

/** Sets (or with null removes) a person's kiosk PIN; a new PIN also lifts a lockout. */
export async function resetUserPin(db: Database, actor: AdminActor, usernameRaw: string, pin: string | null): Promise<void> {
  return setUserSecret(db, actor, usernameRaw, { field: "pin", value: pin === null ? null : validPin(pin), store: setPinHash });
}

/** Sets (or with null removes) the password a person prints with over IPPS (HTTP Basic). */
export async function setUserPassword(db: Database, actor: AdminActor, usernameRaw: string, password: string | null): Promise<void> {
  return setUserSecret(db, actor, usernameRaw, { field: "password", value: password === null ? null : validPassword(password), store: setPasswordHash });
}

/** Hashes a validated secret (argon2id) before the write transaction, stores it and audits which field changed. */
async function setUserSecret(
  db: Database,
  actor: AdminActor,
  usernameRaw: string,
  secret: { field: "pin" | "password"; value: string | null; store: (tx: Transaction, userId: number, hash: string | null) => Promise<void> },
): Promise<void> {
  const username = canonicalUsername(usernameRaw);
  const hash = secret.value === null ? null : await hashSecret(secret.value);
  await db.write(async (tx) => {
    const user = await findUserByName(tx, username);
    if (!user) throw new PrintvaktError("not-found", `no user named ${username}`);
    await secret.store(tx, user.id, hash);
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `user:${username}`, details: { action: secret.value === null ? "removed" : "changed", fields: [secret.field] } });
  });
}
