// The shapes a directory sync compares: a person as the directory describes them, and as Printvakt knows them.
import type { HashedCard } from "../identity/card-numbers.js";

export type ConsoleRole = "admin" | "auditor";

/** One person read from the directory, already mapped: canonical user name, cards hashed as stored. */
export interface DirectoryEntry {
  /** objectGUID (AD, as a UUID string) or entryUUID (LDAP): stays the same across renames. */
  directoryId: string;
  dn: string;
  username: string;
  displayName: string;
  email: string | null;
  language: string | null;
  /** Each card value through the card pipeline, canonical, then hashed: the number goes no further than the mapping. */
  cards: HashedCard[];
  /** AD userAccountControl has the ACCOUNTDISABLE bit (0x2). */
  disabled: boolean;
  /** From PRINTVAKT_LDAP_ADMIN_GROUP / PRINTVAKT_LDAP_AUDITOR_GROUP membership; admin wins. */
  consoleRole: ConsoleRole | null;
}

/** A person in Printvakt's store; directoryId null means added and managed by hand. */
export interface KnownPerson {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  language: string | null;
  cards: HashedCard[];
  directoryId: string | null;
  disabledAt: Date | null;
}

export interface KnownConsoleAccount {
  username: string;
  role: ConsoleRole;
  directoryId: string | null;
  directoryDn: string | null;
}
