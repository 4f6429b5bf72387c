// People and their cards.
import { PrintvaktError } from "../../core/errors.js";
import { clientOf, type Reader, type Transaction } from "./database.js";
import { isUniqueViolation } from "./prisma-errors.js";

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
  cards: string[];
}

const withCards = { cards: { select: { number: true }, orderBy: { id: "asc" as const } } };

function toRecord(row: { id: number; username: string; displayName: string; pinHash: string | null; passwordHash: string | null; failedPins: number; lockedUntil: Date | null; directoryId: string | null; disabledAt: Date | null; disabledReason: string | null; cards: { number: string }[] }): UserRecord {
  return { ...row, cards: row.cards.map((card) => card.number) };
}

export async function createUser(tx: Transaction, input: { username: string; displayName: string; pinHash?: string | null; passwordHash?: string | null; cards: string[] }): Promise<UserRecord> {
  try {
    const row = await tx.user.create({
      data: {
        username: input.username,
        displayName: input.displayName,
        pinHash: input.pinHash ?? null,
        passwordHash: input.passwordHash ?? null,
        cards: { create: input.cards.map((number) => ({ number })) },
      },
      include: withCards,
    });
    return toRecord(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new PrintvaktError("conflict", await describeConflict(tx, input.username, input.cards));
    throw error;
  }
}

async function describeConflict(tx: Transaction, username: string, cards: string[]): Promise<string> {
  // Card first: inside the failed transaction the new user's own row may already be visible.
  const taken = await tx.card.findFirst({ where: { number: { in: cards } }, include: { user: { select: { username: true } } } });
  if (taken && taken.user.username !== username) return `card ${taken.number} is already registered to someone`;
  return `user ${username} already exists`;
}

export async function findUserByName(db: Reader, username: string): Promise<UserRecord | null> {
  const row = await clientOf(db).user.findUnique({ where: { username }, include: withCards });
  return row ? toRecord(row) : null;
}

export async function findUserByCard(db: Reader, cardNumber: string): Promise<UserRecord | null> {
  const card = await clientOf(db).card.findUnique({ where: { number: cardNumber }, include: { user: { include: withCards } } });
  return card ? toRecord(card.user) : null;
}

export async function listUsers(db: Reader): Promise<UserRecord[]> {
  const rows = await clientOf(db).user.findMany({ orderBy: { username: "asc" }, include: withCards });
  return rows.map(toRecord);
}

export async function addCard(tx: Transaction, userId: number, cardNumber: string): Promise<void> {
  try {
    await tx.card.create({ data: { userId, number: cardNumber } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new PrintvaktError("conflict", `card ${cardNumber} is already registered to someone`);
    throw error;
  }
}

/** Removes a card from this user; false when the user has no such card. */
export async function removeCard(tx: Transaction, userId: number, cardNumber: string): Promise<boolean> {
  const result = await tx.card.deleteMany({ where: { userId, number: cardNumber } });
  return result.count > 0;
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
