// People and console accounts as the directory sync reads and writes them (hand-managed ones are only read).
import type { ConsoleRole, DirectoryEntry, KnownConsoleAccount, KnownPerson } from "../directory/directory-entry.js";
import type { HashedCard } from "../identity/card-numbers.js";
import { clientOf, type Reader, type Transaction } from "./database.js";

/** Everyone (hand-managed too: their names and cards must not be taken) and every console account. */
export async function loadSyncState(db: Reader): Promise<{ people: KnownPerson[]; accounts: KnownConsoleAccount[] }> {
  const rows = await clientOf(db).user.findMany({ include: { cards: { select: { numberHash: true, lastDigits: true }, orderBy: { id: "asc" } } }, orderBy: { id: "asc" } });
  const people = rows.map((row) => ({
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    language: row.language,
    cards: row.cards,
    directoryId: row.directoryId,
    disabledAt: row.disabledAt,
  }));
  const accountRows = await clientOf(db).adminAccount.findMany({ select: { username: true, role: true, directoryId: true, directoryDn: true } });
  const accounts = accountRows.map((row) => ({ ...row, role: row.role as ConsoleRole }));
  return { people, accounts };
}

export async function createDirectoryPerson(tx: Transaction, entry: DirectoryEntry): Promise<void> {
  await tx.user.create({
    data: {
      username: entry.username,
      displayName: entry.displayName,
      email: entry.email,
      language: entry.language,
      directoryId: entry.directoryId,
      cards: { create: entry.cards.map((card) => ({ numberHash: card.numberHash, lastDigits: card.lastDigits })) },
    },
  });
}

/** A placeholder name first lets two people swap names in one sync without a unique clash. */
export async function parkUsername(tx: Transaction, personId: number): Promise<void> {
  await tx.user.update({ where: { id: personId }, data: { username: `~renaming~${personId}` } });
}

export async function updateDirectoryPerson(tx: Transaction, personId: number, entry: DirectoryEntry): Promise<void> {
  await tx.user.update({ where: { id: personId }, data: { username: entry.username, displayName: entry.displayName, email: entry.email, language: entry.language } });
}

export async function unlinkCards(tx: Transaction, personId: number, cards: readonly HashedCard[]): Promise<void> {
  if (cards.length > 0) await tx.card.deleteMany({ where: { userId: personId, numberHash: { in: cards.map((card) => card.numberHash) } } });
}

export async function linkCards(tx: Transaction, personId: number, cards: readonly HashedCard[]): Promise<void> {
  for (const card of cards) await tx.card.create({ data: { userId: personId, numberHash: card.numberHash, lastDigits: card.lastDigits } });
}

/** reason null enables the person again. */
export async function setDisabled(tx: Transaction, personId: number, reason: "disabled" | "removed" | null, at: Date): Promise<void> {
  await tx.user.update({ where: { id: personId }, data: reason === null ? { disabledAt: null, disabledReason: null } : { disabledAt: at, disabledReason: reason } });
}

export async function saveDirectoryConsoleAccount(tx: Transaction, account: { username: string; role: ConsoleRole; directoryId: string; dn: string }): Promise<void> {
  // No local password: passwordHash stays empty and the login binds to the directory instead.
  const data = { username: account.username, role: account.role, directoryDn: account.dn };
  await tx.adminAccount.upsert({ where: { directoryId: account.directoryId }, create: { ...data, directoryId: account.directoryId, passwordHash: "" }, update: data });
}

export async function removeDirectoryConsoleAccount(tx: Transaction, directoryId: string): Promise<void> {
  await tx.adminAccount.deleteMany({ where: { directoryId } });
}

/** Disabled people whose grace period is over, with their user name and why they were disabled. */
export async function peopleDisabledBefore(db: Reader, cutoff: Date): Promise<{ username: string; reason: string }[]> {
  const rows = await clientOf(db).user.findMany({ where: { disabledAt: { lte: cutoff } }, select: { username: true, disabledReason: true } });
  return rows.map((row) => ({ username: row.username, reason: row.disabledReason ?? "disabled" }));
}
