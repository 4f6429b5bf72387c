// Specification of the directory sync plan: current people + directory entries → what changes.
import { describe, expect, test } from "vitest";
import type { HashedCard } from "../identity/card-numbers.js";
import type { DirectoryEntry, KnownConsoleAccount, KnownPerson } from "./directory-entry.js";
import { planSync } from "./sync-plan.js";

/** Cards as both sides hold them: a keyed hash (a stand-in here) and the ending. */
const cards = (...numbers: string[]): HashedCard[] => numbers.map((number) => ({ numberHash: `hash-of-${number}`, lastDigits: number.slice(-1) }));

function entry(id: string, overrides: Partial<DirectoryEntry> = {}): DirectoryEntry {
  return { directoryId: id, dn: `uid=${id},dc=example`, username: id, displayName: id.toUpperCase(), email: `${id}@example.org`, language: null, cards: [], disabled: false, consoleRole: null, ...overrides };
}

let nextId = 1;
function person(id: string | null, username: string, overrides: Partial<KnownPerson> = {}): KnownPerson {
  return { id: nextId++, username, displayName: username.toUpperCase(), email: `${username}@example.org`, language: null, cards: [], directoryId: id, disabledAt: null, ...overrides };
}

const plan = (people: KnownPerson[], entries: DirectoryEntry[], accounts: KnownConsoleAccount[] = [], threshold = 0.5) => planSync({ people, accounts, entries, threshold });

describe("the directory sync plan", () => {
  test("new directory people are added with their cards; people already in step change nothing", () => {
    const result = plan([person("a", "a")], [entry("a"), entry("b", { cards: cards("42", "43") })]);
    expect(result.add.map((added) => [added.username, added.cards])).toEqual([["b", cards("42", "43")]]);
    expect(result.update).toEqual([]);
    expect(result.disable).toEqual([]);
  });

  test("a rename is an update of the same person (matched by directory id), naming the changed fields only", () => {
    const alice = person("guid-1", "alice", { cards: cards("7") });
    const result = plan([alice], [entry("guid-1", { username: "alice.berg", displayName: "Alice Berg", email: "alice@example.org", cards: cards("7") })]);
    expect(result.add).toEqual([]);
    expect(result.update).toHaveLength(1);
    expect(result.update[0]).toMatchObject({ personId: alice.id, previousUsername: "alice", fields: ["username", "displayName"], link: [], unlink: [] });
  });

  test("card changes are listed as cards to link and to unlink", () => {
    const bob = person("b", "b", { cards: cards("1", "2") });
    const [change] = plan([bob], [entry("b", { cards: cards("2", "3") })]).update;
    expect(change).toMatchObject({ fields: ["cards"], link: cards("3"), unlink: cards("1") });
  });

  test("a disabled entry disables the person but keeps their cards, so a badge is refused rather than unknown", () => {
    const carl = person("c", "c", { cards: cards("9") });
    const result = plan([carl, person("d", "d")], [entry("c", { disabled: true, cards: cards("9") }), entry("d")]);
    expect(result.disable).toEqual([{ personId: carl.id, username: "c", reason: "disabled" }]);
    expect(result.update).toEqual([]);
  });

  test("a person missing from the directory is disabled as removed; an already disabled one is not counted again", () => {
    const gone = person("g", "gone");
    const old = person("o", "old", { disabledAt: new Date() });
    const result = plan([gone, old, person("k", "k")], [entry("k")]);
    expect(result.disable).toEqual([{ personId: gone.id, username: "gone", reason: "removed" }]);
    expect(result.managed).toBe(2);
  });

  test("an enabled entry for a disabled person enables them again", () => {
    const back = person("b", "b", { disabledAt: new Date() });
    expect(plan([back], [entry("b")]).enable).toEqual([{ personId: back.id, username: "b" }]);
  });

  test("a disabled entry for someone not yet known is not added", () => {
    expect(plan([], [entry("x", { disabled: true })]).add).toEqual([]);
  });

  test("hand-managed people are never touched, and entries that collide with them are skipped and reported", () => {
    const hand = person(null, "eva", { cards: cards("5") });
    const result = plan([hand], [entry("e1", { username: "eva" }), entry("f", { cards: cards("5", "6") })]);
    expect(result.add.map((added) => [added.username, added.cards])).toEqual([["f", cards("6")]]);
    expect(result.update).toEqual([]);
    expect(result.disable).toEqual([]);
    expect(result.skipped).toHaveLength(2);
    expect(result.skipped.join("\n")).toMatch(/hand-managed/);
  });

  test("the same card on two entries goes to one of them only", () => {
    const result = plan([], [entry("a", { cards: cards("8") }), entry("b", { cards: cards("8") })]);
    expect(result.add.flatMap((added) => added.cards)).toEqual(cards("8"));
    expect(result.skipped).toHaveLength(1);
  });

  test("a card moved in the directory from a removed person to another is unlinked from the first", () => {
    const old = person("o", "old", { cards: cards("77") });
    const result = plan([old, person("k", "k")], [entry("k", { cards: cards("77") })], [], 1);
    expect(result.unlinkElsewhere).toEqual([{ personId: old.id, username: "old", card: cards("77")[0] }]);
  });

  test("more removals than the threshold stops the plan; at the threshold it goes ahead", () => {
    const people = Array.from({ length: 10 }, (_, index) => person(`p${index}`, `p${index}`));
    const keepNine = people.slice(1).map((known) => entry(known.directoryId!));
    expect(planSync({ people, accounts: [], entries: keepNine, threshold: 0.1 }).stopped).toBe(false);
    expect(planSync({ people, accounts: [], entries: keepNine.slice(1), threshold: 0.1 }).stopped).toBe(true);
    expect(planSync({ people, accounts: [], entries: [], threshold: 0.1 })).toMatchObject({ stopped: true, managed: 10 });
  });

  test("console accounts follow group membership: added, role changed, removed; local accounts stay", () => {
    const accounts: KnownConsoleAccount[] = [
      { username: "root", role: "admin", directoryId: null, directoryDn: null },
      { username: "b", role: "auditor", directoryId: "b", directoryDn: "uid=b,dc=example" },
      { username: "c", role: "admin", directoryId: "c", directoryDn: "uid=c,dc=example" },
    ];
    const entries = [entry("a", { consoleRole: "admin" }), entry("b", { consoleRole: "admin" }), entry("c"), entry("root", { consoleRole: "admin" })];
    const result = plan([], entries, accounts);
    expect(result.consoleAccounts.map((change) => [change.action, change.username, change.role])).toEqual([["added", "a", "admin"], ["changed", "b", "admin"], ["removed", "c", "admin"]]);
    expect(result.skipped.join("\n")).toMatch(/root is a local/);
  });

  test("a disabled person loses their console account", () => {
    const accounts: KnownConsoleAccount[] = [{ username: "a", role: "admin", directoryId: "a", directoryDn: "uid=a,dc=example" }];
    const result = plan([person("a", "a"), person("z", "z")], [entry("a", { consoleRole: "admin", disabled: true }), entry("z")], accounts);
    expect(result.consoleAccounts.map((change) => change.action)).toEqual(["removed"]);
  });
});
