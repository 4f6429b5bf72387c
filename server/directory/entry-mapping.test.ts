// Specification of how one LDAP entry becomes a DirectoryEntry (AD and OpenLDAP shapes).
import type { Entry } from "ldapts";
import { describe, expect, test } from "vitest";
import { parsePipeline } from "../../drivers/card-readers/card-format/index.js";
import { hashCard } from "../identity/card-numbers.js";
import { guidToString, mapEntry, normaliseDn, type MappingRules } from "./entry-mapping.js";

const cardHashKey = Buffer.from("directory-test-hash-key-32-bytes");
/** A canonical number as the mapping hands it on: hashed, with its ending. */
const card = (canonicalNumber: string) => hashCard(cardHashKey, canonicalNumber);

const rules = (overrides: Partial<MappingRules> = {}): MappingRules => ({
  attributes: { username: "sAMAccountName", displayName: "displayName", email: "mail", language: "preferredLanguage", cards: ["pager", "extensionAttribute7"] },
  cardPipeline: undefined,
  cardHashKey,
  groupMembers: { admin: new Set(), auditor: new Set() },
  groups: { admin: normaliseDn("CN=Print Admins,OU=Groups,DC=kommun,DC=se"), auditor: undefined },
  ...overrides,
});

// The objectGUID bytes AD sends for {01020304-0506-0708-090a-0b0c0d0e0f10}: first three fields little-endian.
const guidBytes = Buffer.from([4, 3, 2, 1, 6, 5, 8, 7, 9, 10, 11, 12, 13, 14, 15, 16]);

function adEntry(overrides: Record<string, unknown> = {}): Entry {
  return { dn: "CN=Anna Berg,OU=Staff,DC=kommun,DC=se", objectGUID: guidBytes, sAMAccountName: "ABerg", displayName: "Anna Berg", mail: "anna.berg@kommun.se", pager: ["0012345", "777"], userAccountControl: "512", ...overrides } as Entry;
}

function mapped(entry: Entry, with_: Partial<MappingRules> = {}) {
  const result = mapEntry(entry, rules(with_));
  if ("skippedEntry" in result) throw new Error(result.skippedEntry);
  return result;
}

describe("mapping a directory entry", () => {
  test("AD's objectGUID becomes the usual UUID string, so the id is stable and readable", () => {
    expect(guidToString(guidBytes)).toBe("01020304-0506-0708-090a-0b0c0d0e0f10");
    expect(mapped(adEntry()).entry.directoryId).toBe("01020304-0506-0708-090a-0b0c0d0e0f10");
  });

  test("OpenLDAP's entryUUID is used when there is no objectGUID", () => {
    const entry = { dn: "uid=anna,dc=example", entryUUID: "0ACB7D44-84B6-1041-91FA-CFA9924A31FD", sAMAccountName: "anna" } as Entry;
    expect(mapped(entry).entry.directoryId).toBe("0acb7d44-84b6-1041-91fa-cfa9924a31fd");
  });

  test("an entry with neither id, or without a usable user name, is left out with the reason", () => {
    expect(mapEntry({ dn: "cn=x", sAMAccountName: "x" } as Entry, rules())).toEqual({ skippedEntry: "cn=x: has neither objectGUID nor entryUUID" });
    expect(mapEntry(adEntry({ sAMAccountName: "has space" }), rules())).toMatchObject({ skippedEntry: expect.stringMatching(/not a valid user name/) });
  });

  test("the user name is canonical and every value of every card attribute becomes a canonical card, hashed", () => {
    const { entry } = mapped(adEntry({ extensionAttribute7: "0000888" }));
    expect(entry).toMatchObject({ username: "aberg", displayName: "Anna Berg", email: "anna.berg@kommun.se", cards: [card("12345"), card("777"), card("888")], disabled: false });
    expect(JSON.stringify(entry)).not.toContain("12345");
  });

  test("attribute names match whatever case the server answers in", () => {
    const entry = { dn: "cn=x", objectguid: guidBytes, samaccountname: "Case", PAGER: "42" } as Entry;
    expect(mapped(entry).entry).toMatchObject({ username: "case", cards: [card("42")] });
  });

  test("card values go through the configured card-format pipeline; a value it rejects is skipped without showing it", () => {
    const { entry, skipped } = mapped(adEntry({ pager: ["0A1B", "not-hex"] }), { cardPipeline: parsePipeline("hex2dec") });
    expect(entry.cards).toEqual([card("2587")]);
    expect(skipped).toEqual(["CN=Anna Berg,OU=Staff,DC=kommun,DC=se: a value of pager is not a card number under the card format"]);
    expect(skipped.join()).not.toContain("not-hex");
  });

  test("userAccountControl with the ACCOUNTDISABLE bit (0x2) marks the person disabled", () => {
    expect(mapped(adEntry({ userAccountControl: "514" })).entry.disabled).toBe(true);
    expect(mapped(adEntry({ userAccountControl: "66048" })).entry.disabled).toBe(false);
    expect(mapped(adEntry({ userAccountControl: "66050" })).entry.disabled).toBe(true);
  });

  test("console role from memberOf or from the group's member list; admin wins over auditor", () => {
    expect(mapped(adEntry({ memberOf: ["CN=Print Admins, OU=Groups, DC=kommun, DC=se"] })).entry.consoleRole).toBe("admin");
    const listed = { admin: new Set<string>(), auditor: new Set([normaliseDn("CN=Anna Berg,OU=Staff,DC=kommun,DC=se")]) };
    expect(mapped(adEntry(), { groupMembers: listed }).entry.consoleRole).toBe("auditor");
    expect(mapped(adEntry({ memberOf: "CN=Print Admins,OU=Groups,DC=kommun,DC=se" }), { groupMembers: listed }).entry.consoleRole).toBe("admin");
    expect(mapped(adEntry()).entry.consoleRole).toBeNull();
  });
});
