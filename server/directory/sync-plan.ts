// The directory sync as a pure function: what Printvakt holds + what the directory says → what to change.
//
// Design notes
// - People are matched by directoryId (objectGUID / entryUUID), never by name, so a rename is an
//   update of the same person and keeps their jobs and cards.
// - Hand-managed people (directoryId null) are never touched. A directory entry whose user name or
//   card is already a hand-managed person's is skipped and reported, not merged.
// - Disabled and removed people keep their card rows, so a badge is recognised and refused (and
//   audited as such) rather than looking like an unknown card someone could link.
// - Cards are compared by numberHash: both sides hold only the keyed hashes the Card table stores.
// - The threshold guards against a wrong filter or an empty search result: when more than the
//   allowed share of managed people would be disabled or dropped, the plan is marked stopped and
//   the caller must change nothing.
import type { HashedCard } from "../identity/card-numbers.js";
import type { ConsoleRole, DirectoryEntry, KnownConsoleAccount, KnownPerson } from "./directory-entry.js";

export type PersonField = "username" | "displayName" | "email" | "language" | "cards";

export interface PersonUpdate {
  personId: number;
  /** User name before the sync (the audit subject of a rename is the new name). */
  previousUsername: string;
  entry: DirectoryEntry;
  fields: PersonField[];
  link: HashedCard[];
  unlink: HashedCard[];
}

export interface SyncPlan {
  add: DirectoryEntry[];
  update: PersonUpdate[];
  disable: { personId: number; username: string; reason: "disabled" | "removed" }[];
  enable: { personId: number; username: string }[];
  /** Cards taken from people who no longer hold them in the directory (moved to someone else). */
  unlinkElsewhere: { personId: number; username: string; card: HashedCard }[];
  consoleAccounts: { action: "added" | "changed" | "removed"; username: string; role: ConsoleRole; directoryId: string; dn: string }[];
  /** Human-readable reasons for what was left out; shown by the CLI, counted in the audit. */
  skipped: string[];
  managed: number;
  stopped: boolean;
}

export interface PlanInput {
  people: readonly KnownPerson[];
  accounts: readonly KnownConsoleAccount[];
  entries: readonly DirectoryEntry[];
  /** Largest share (0..1) of managed, enabled people a sync may disable or drop. */
  threshold: number;
}

export function planSync({ people, accounts, entries, threshold }: PlanInput): SyncPlan {
  const plan: SyncPlan = { add: [], update: [], disable: [], enable: [], unlinkElsewhere: [], consoleAccounts: [], skipped: [], managed: 0, stopped: false };
  const byDirectoryId = new Map(people.filter((person) => person.directoryId !== null).map((person) => [person.directoryId!, person]));
  const handNames = new Set(people.filter((person) => person.directoryId === null).map((person) => person.username));
  const cardOwner = new Map<string, { owner: KnownPerson; card: HashedCard }>();
  for (const person of people) for (const card of person.cards) cardOwner.set(card.numberHash, { owner: person, card });
  const accepted = acceptEntries(entries, handNames, plan.skipped);
  const claimed = claimCards(accepted, cardOwner, plan.skipped);
  const seen = new Set<string>();
  for (const entry of accepted) {
    seen.add(entry.directoryId);
    const person = byDirectoryId.get(entry.directoryId);
    const cards = entry.disabled ? (person?.cards ?? []) : claimed.get(entry.directoryId)!;
    if (!person) {
      if (!entry.disabled) plan.add.push({ ...entry, cards });
      continue;
    }
    const change = compare(person, { ...entry, cards });
    if (change.fields.length > 0) plan.update.push(change);
    if (entry.disabled && person.disabledAt === null) plan.disable.push({ personId: person.id, username: entry.username, reason: "disabled" });
    if (!entry.disabled && person.disabledAt !== null) plan.enable.push({ personId: person.id, username: entry.username });
  }
  for (const person of byDirectoryId.values()) {
    if (person.disabledAt === null) plan.managed++;
    if (!seen.has(person.directoryId!) && person.disabledAt === null) plan.disable.push({ personId: person.id, username: person.username, reason: "removed" });
  }
  // A card claimed by one entry but stored with another directory person moves to the claimant.
  const claimantOf = new Map<string, string>();
  for (const [directoryId, cards] of claimed) for (const card of cards) claimantOf.set(card.numberHash, directoryId);
  const unlinkedByUpdate = new Set(plan.update.flatMap((change) => change.unlink.map((card) => card.numberHash)));
  for (const [numberHash, { owner, card }] of cardOwner) {
    const claimant = claimantOf.get(numberHash);
    if (claimant !== undefined && owner.directoryId !== null && owner.directoryId !== claimant && !unlinkedByUpdate.has(numberHash)) {
      plan.unlinkElsewhere.push({ personId: owner.id, username: owner.username, card });
    }
  }
  plan.consoleAccounts = planConsoleAccounts(accepted, accounts, plan.skipped);
  plan.stopped = plan.managed > 0 && plan.disable.length / plan.managed > threshold;
  return plan;
}

/** Drops entries whose user name is a hand-managed person's or was already taken by an earlier entry. */
function acceptEntries(entries: readonly DirectoryEntry[], handNames: Set<string>, skipped: string[]): DirectoryEntry[] {
  const names = new Set<string>();
  const accepted: DirectoryEntry[] = [];
  for (const entry of [...entries].sort((a, b) => a.directoryId.localeCompare(b.directoryId))) {
    if (handNames.has(entry.username)) skipped.push(`${entry.dn}: user name ${entry.username} belongs to a hand-managed person`);
    else if (names.has(entry.username)) skipped.push(`${entry.dn}: user name ${entry.username} is used by another directory entry`);
    else {
      names.add(entry.username);
      accepted.push(entry);
    }
  }
  return accepted;
}

/** The cards each enabled entry may hold: not a hand-managed person's, and each card only once. */
function claimCards(entries: readonly DirectoryEntry[], cardOwner: Map<string, { owner: KnownPerson }>, skipped: string[]): Map<string, HashedCard[]> {
  const taken = new Set<string>();
  const claimed = new Map<string, HashedCard[]>();
  for (const entry of entries) {
    const cards: HashedCard[] = [];
    for (const card of entry.disabled ? [] : entry.cards) {
      if (taken.has(card.numberHash)) skipped.push(`${entry.dn}: a card value is also given to another directory entry`);
      else if (cardOwner.get(card.numberHash)?.owner.directoryId === null) skipped.push(`${entry.dn}: a card value belongs to a hand-managed person`);
      else {
        taken.add(card.numberHash);
        cards.push(card);
      }
    }
    claimed.set(entry.directoryId, cards);
  }
  return claimed;
}

function compare(person: KnownPerson, entry: DirectoryEntry): PersonUpdate {
  const fields: PersonField[] = [];
  if (person.username !== entry.username) fields.push("username");
  if (person.displayName !== entry.displayName) fields.push("displayName");
  if (person.email !== entry.email) fields.push("email");
  if (person.language !== entry.language) fields.push("language");
  const held = new Set(person.cards.map((card) => card.numberHash));
  const wanted = new Set(entry.cards.map((card) => card.numberHash));
  const link = entry.cards.filter((card) => !held.has(card.numberHash));
  const unlink = person.cards.filter((card) => !wanted.has(card.numberHash));
  if (link.length + unlink.length > 0) fields.push("cards");
  return { personId: person.id, previousUsername: person.username, entry, fields, link, unlink };
}

function planConsoleAccounts(entries: readonly DirectoryEntry[], accounts: readonly KnownConsoleAccount[], skipped: string[]): SyncPlan["consoleAccounts"] {
  const changes: SyncPlan["consoleAccounts"] = [];
  const handNames = new Set(accounts.filter((account) => account.directoryId === null).map((account) => account.username));
  const current = new Map(accounts.filter((account) => account.directoryId !== null).map((account) => [account.directoryId!, account]));
  const wanted = new Set<string>();
  for (const entry of entries) {
    if (entry.consoleRole === null || entry.disabled) continue;
    if (handNames.has(entry.username)) {
      skipped.push(`${entry.dn}: console account ${entry.username} is a local (hand-managed) account`);
      continue;
    }
    wanted.add(entry.directoryId);
    const account = current.get(entry.directoryId);
    const target = { username: entry.username, role: entry.consoleRole, directoryId: entry.directoryId, dn: entry.dn };
    if (!account) changes.push({ action: "added", ...target });
    else if (account.role !== entry.consoleRole || account.username !== entry.username || account.directoryDn !== entry.dn) changes.push({ action: "changed", ...target });
  }
  for (const account of current.values()) {
    if (!wanted.has(account.directoryId!)) changes.push({ action: "removed", username: account.username, role: account.role, directoryId: account.directoryId!, dn: account.directoryDn ?? "" });
  }
  return changes;
}
