// Reads every person under the base DN with a paged search, plus the console groups' member lists.
import type { Client } from "ldapts";
import type { DirectoryEntry } from "./directory-entry.js";
import type { DirectorySettings } from "./directory-settings.js";
import { mapEntry, normaliseDn } from "./entry-mapping.js";
import { directoryError } from "./ldap-connection.js";

const PAGE_SIZE = 500;

async function groupMembers(client: Client, groupDn: string | undefined): Promise<Set<string>> {
  if (groupDn === undefined) return new Set();
  const { searchEntries } = await client.search(groupDn, { scope: "base", filter: "(objectClass=*)", attributes: ["member", "uniqueMember"] });
  const members = searchEntries.flatMap((group) => [group.member, group.uniqueMember].flat().filter((value): value is string => typeof value === "string"));
  return new Set(members.map(normaliseDn));
}

/** `cardHashKey`: card values leave the reader only as the keyed hashes the Card table stores. */
export async function readDirectory(client: Client, settings: DirectorySettings, cardHashKey: Uint8Array): Promise<{ entries: DirectoryEntry[]; skipped: string[] }> {
  try {
    const { attributes } = settings;
    const wanted = [attributes.username, attributes.displayName, attributes.email, attributes.language, ...attributes.cards, "cn", "objectGUID", "entryUUID", "userAccountControl", "memberOf"];
    const [admin, auditor] = [await groupMembers(client, settings.adminGroup), await groupMembers(client, settings.auditorGroup)];
    const { searchEntries } = await client.search(settings.baseDn, {
      scope: "sub",
      filter: settings.userFilter,
      attributes: [...new Set(wanted)],
      paged: { pageSize: PAGE_SIZE },
      explicitBufferAttributes: ["objectGUID"],
    });
    const rules = {
      attributes,
      cardPipeline: settings.cardPipeline,
      cardHashKey,
      groupMembers: { admin, auditor },
      groups: { admin: settings.adminGroup && normaliseDn(settings.adminGroup), auditor: settings.auditorGroup && normaliseDn(settings.auditorGroup) },
    };
    const entries: DirectoryEntry[] = [];
    const skipped: string[] = [];
    for (const raw of searchEntries) {
      const mapped = mapEntry(raw, rules);
      if ("skippedEntry" in mapped) skipped.push(mapped.skippedEntry);
      else {
        entries.push(mapped.entry);
        skipped.push(...mapped.skipped);
      }
    }
    return { entries, skipped };
  } catch (error) {
    throw directoryError(error, "search-failed");
  }
}
