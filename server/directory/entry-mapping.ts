// Maps one raw LDAP search entry to a DirectoryEntry: stable id, canonical name, cards through the
// card pipeline and then hashed, as the Card table keeps them.
import type { Entry } from "ldapts";
import type { CardPipeline } from "../../drivers/card-readers/card-format/index.js";
import { hashTypedCard, type HashedCard } from "../identity/card-numbers.js";
import { canonicalUsername } from "../identity/usernames.js";
import type { ConsoleRole, DirectoryEntry } from "./directory-entry.js";

/** AD userAccountControl ACCOUNTDISABLE. */
const ACCOUNT_DISABLED = 0x2;

export interface MappingRules {
  attributes: { username: string; displayName: string; email: string; language: string; cards: readonly string[] };
  cardPipeline: CardPipeline | undefined;
  /** The audit hash key: card numbers are stored, compared and audited as their keyed hashes. */
  cardHashKey: Uint8Array;
  /** Normalised DNs of the members of the console groups (from the groups' member lists). */
  groupMembers: { admin: ReadonlySet<string>; auditor: ReadonlySet<string> };
  /** Normalised group DNs, matched against the entry's memberOf. */
  groups: { admin: string | undefined; auditor: string | undefined };
}

/** Case and the spaces after separators do not change a DN's meaning. */
export function normaliseDn(dn: string): string {
  return dn.trim().toLowerCase().replace(/\s*([,=+])\s*/g, "$1");
}

function values(entry: Entry, attribute: string): string[] {
  // Attribute names are case-insensitive in LDAP; ldapts keeps the server's spelling.
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (Buffer.isBuffer(item) ? item.toString("utf8") : item)).filter((item) => item.trim() !== "");
}

/** AD's objectGUID is 16 bytes with the first three fields little-endian; shown as the usual UUID string. */
export function guidToString(bytes: Buffer): string {
  const hex = Buffer.concat([Buffer.from(bytes.subarray(0, 4)).reverse(), Buffer.from(bytes.subarray(4, 6)).reverse(), Buffer.from(bytes.subarray(6, 8)).reverse(), bytes.subarray(8, 16)]).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function directoryIdOf(entry: Entry): string | undefined {
  const guidKey = Object.keys(entry).find((name) => name.toLowerCase() === "objectguid");
  const guid = guidKey === undefined ? undefined : entry[guidKey];
  const guidBytes = Array.isArray(guid) ? guid[0] : guid;
  if (Buffer.isBuffer(guidBytes) && guidBytes.length === 16) return guidToString(guidBytes);
  return values(entry, "entryUUID")[0]?.toLowerCase();
}

function roleOf(entry: Entry, rules: MappingRules): ConsoleRole | null {
  const dn = normaliseDn(entry.dn);
  const memberOf = new Set(values(entry, "memberOf").map(normaliseDn));
  const isIn = (group: string | undefined, members: ReadonlySet<string>) => members.has(dn) || (group !== undefined && memberOf.has(group));
  if (isIn(rules.groups.admin, rules.groupMembers.admin)) return "admin";
  if (isIn(rules.groups.auditor, rules.groupMembers.auditor)) return "auditor";
  return null;
}

/** The entry, or a reason it was left out (never containing a card value). */
export function mapEntry(entry: Entry, rules: MappingRules): { entry: DirectoryEntry; skipped: string[] } | { skippedEntry: string } {
  const directoryId = directoryIdOf(entry);
  if (directoryId === undefined) return { skippedEntry: `${entry.dn}: has neither objectGUID nor entryUUID` };
  const rawName = values(entry, rules.attributes.username)[0];
  let username: string;
  try {
    username = canonicalUsername(rawName ?? "");
  } catch {
    return { skippedEntry: `${entry.dn}: ${rules.attributes.username} is missing or not a valid user name` };
  }
  const skipped: string[] = [];
  const cards = new Map<string, HashedCard>();
  for (const attribute of rules.attributes.cards) {
    for (const raw of values(entry, attribute)) {
      try {
        const card = hashTypedCard(rules.cardHashKey, rules.cardPipeline ? rules.cardPipeline.run(raw) : raw);
        cards.set(card.numberHash, card);
      } catch {
        skipped.push(`${entry.dn}: a value of ${attribute} is not a card number under the card format`);
      }
    }
  }
  const control = Number(values(entry, "userAccountControl")[0] ?? "0");
  const displayName = (values(entry, rules.attributes.displayName)[0] ?? values(entry, "cn")[0] ?? "").trim().slice(0, 128);
  return {
    entry: {
      directoryId,
      dn: entry.dn,
      username,
      displayName,
      email: values(entry, rules.attributes.email)[0]?.trim().slice(0, 254) ?? null,
      language: values(entry, rules.attributes.language)[0]?.trim().slice(0, 35) ?? null,
      cards: [...cards.values()],
      disabled: Number.isInteger(control) && (control & ACCOUNT_DISABLED) !== 0,
      consoleRole: roleOf(entry, rules),
    },
    skipped,
  };
}
