// People and their cards. A card is known by the keyed hash of its number and shown by its ending;
// the number itself is never stored (server/identity/card-numbers.ts).
import { PrintvaktError } from "../../core/errors.js";
import { describeCard, type HashedCard } from "../identity/card-numbers.js";
import { clientOf, type Reader, type Transaction } from "./database.js";
import { isUniqueViolation } from "./prisma-errors.js";

/** A card as the console and the CLI see it: its row id (to remove it by) and its ending. */
export interface CardRecord {
  id: number;
  lastDigits: string;
}

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  pinHash: string | null;
  passwordHash: string | null;
  failedPins: number;
  lockedUntil: Date | null;
  /** Set for people the directory sync manages (their names and cards are read-only here). */
  directoryId: string | null;
  /** Set when the directory disabled or dropped the person: their cards are refused. */
  disabledAt: Date | null;
  disabledReason: string | null;
  cards: CardRecord[];
}

export const withCards = { cards: { select: { id: true, lastDigits: true }, orderBy: { id: "asc" as const } } };

export async function createUser(tx: Transaction, input: { username: string; displayName: string; pinHash?: string | null; passwordHash?: string | null; cards: HashedCard[] }): Promise<UserRecord> {
  try {
    return await tx.user.create({
      data: {
        username: input.username,
        displayName: input.displayName,
        pinHash: input.pinHash ?? null,
        passwordHash: input.passwordHash ?? null,
        cards: { create: input.cards.map((card) => ({ numberHash: card.numberHash, lastDigits: card.lastDigits })) },
      },
      include: withCards,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new PrintvaktError("conflict", await describeConflict(tx, input.username, input.cards));
    throw error;
  }
}

async function describeConflict(tx: Transaction, username: string, cards: HashedCard[]): Promise<string> {
  // Card first: inside the failed transaction the new user's own row may already be visible.
  const taken = await tx.card.findFirst({ where: { numberHash: { in: cards.map((card) => card.numberHash) } }, include: { user: { select: { username: true } } } });
  if (taken && taken.user.username !== username) return `${describeCard(taken)} is already registered to someone`;
  return `user ${username} already exists`;
}

export async function findUserByName(db: Reader, username: string): Promise<UserRecord | null> {
  return clientOf(db).user.findUnique({ where: { username }, include: withCards });
}

export async function findUserById(db: Reader, id: number): Promise<UserRecord | null> {
  return clientOf(db).user.findUnique({ where: { id }, include: withCards });
}

/** The holder of a card, found by the keyed hash of the number that was read. */
export async function findUserByCard(db: Reader, numberHash: string): Promise<UserRecord | null> {
  const card = await clientOf(db).card.findUnique({ where: { numberHash }, include: { user: { include: withCards } } });
  return card ? card.user : null;
}

export async function listUsers(db: Reader): Promise<UserRecord[]> {
  return clientOf(db).user.findMany({ orderBy: { username: "asc" }, include: withCards });
}

export async function addCard(tx: Transaction, userId: number, card: HashedCard): Promise<CardRecord> {
  try {
    return await tx.card.create({ data: { userId, numberHash: card.numberHash, lastDigits: card.lastDigits }, select: { id: true, lastDigits: true } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new PrintvaktError("conflict", `${describeCard(card)} is already registered to someone`);
    throw error;
  }
}

/**
 * Removes one of this user's cards, named by its number's hash (someone typed the number) or by its
 * row id (the console, which never sees numbers). Returns what was removed, null when the user has
 * no such card.
 */
export async function removeCard(tx: Transaction, userId: number, which: { numberHash: string } | { id: number }): Promise<HashedCard | null> {
  const card = await tx.card.findFirst({ where: { userId, ...which }, select: { id: true, numberHash: true, lastDigits: true } });
  if (card === null) return null;
  await tx.card.delete({ where: { id: card.id } });
  return { numberHash: card.numberHash, lastDigits: card.lastDigits };
}

/** The PIN counters as stored now (read inside the transaction that changes them). */
export async function readPinState(db: Reader, userId: number): Promise<{ failedPins: number; lockedUntil: Date | null }> {
  const row = await clientOf(db).user.findUnique({ where: { id: userId }, select: { failedPins: true, lockedUntil: true } });
  if (!row) throw new PrintvaktError("session-ended", `user ${userId} is gone`, { userMessage: "The session has ended" });
  return row;
}

export async function setPinState(tx: Transaction, userId: number, state: { failedPins: number; lockedUntil: Date | null }): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: state });
}

export async function setPinHash(tx: Transaction, userId: number, pinHash: string | null): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { pinHash, failedPins: 0, lockedUntil: null } });
}

/** The HTTP Basic password for IPPS printing (argon2id hash), or null to remove it. */
export async function setPasswordHash(tx: Transaction, userId: number, passwordHash: string | null): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { passwordHash } });
}
