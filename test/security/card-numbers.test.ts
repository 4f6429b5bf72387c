// Review H3, the card half: "GET /api/users returns bob's card number (admins see card numbers)",
// and the database held every number in clear, so an admin, a DBA or a backup could copy a card.
// Replayed against a started server: a card enrolled by an admin, one linked at a kiosk and one
// nobody holds are badged; then no file of the data directory, no answer of the API and no audit
// entry holds any of the numbers, and badging still finds the right person.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { keyedHash } from "../../server/audit/keyed-hash.js";
import { readAudit } from "../../server/store/audit-log.js";
import { startFixture, type Fixture } from "../browser/support/fixture.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { allFiles, filesContaining } from "../support/printvakt-data.js";

/** Long numbers, so that no hash, id or timestamp in the files contains one by chance. */
const CARDS = {
  enrolledByAdmin: "5012345678901",
  linkedAtKiosk: "7712345678903",
  unknown: "8812345678905",
};
/** How the reader typed the unknown card, zero padded: the raw read must not be stored either. */
const UNKNOWN_RAW = `000${CARDS.unknown}`;

let fixture: Fixture;
let agent: KioskClient;

async function auditOfType(type: string): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for await (const entry of readAudit(fixture.server.context.db)) if (entry.type === type) found.push(entry.details);
  return found;
}

beforeAll(async () => {
  fixture = await startFixture();
  agent = await connectKiosk(fixture.server.baseUrl, fixture.agentToken, "agent");
  await agent.next("kiosk:hello");

  // An admin enrols bo with a card through the API, and issues a code for a second one.
  await fixture.admin.json("POST", "/api/users", { username: "bo", displayName: "Bo Berg", cards: [CARDS.enrolledByAdmin] });
  const { code } = await fixture.admin.json<{ code: string }>("POST", "/api/users/bo/enrolment-codes");
  // Bo links the second card at the kiosk: badged, unknown, linked with the code.
  expect(await agent.emit("card:present", { card: CARDS.linkedAtKiosk })).toEqual({ ok: true, outcome: "unknown-card" });
  const { linkId } = await agent.next("card:unknown");
  expect(await agent.emit("card:link", { linkId, username: "bo", secret: code, kind: "enrolment-code" })).toEqual({ ok: true, outcome: "session" });
  // A card that belongs to nobody is badged and left unlinked.
  expect(await agent.emit("card:present", { card: CARDS.unknown, raw: UNKNOWN_RAW })).toEqual({ ok: true, outcome: "unknown-card" });
}, 60_000);

afterAll(async () => {
  agent?.close();
  await fixture?.stop();
});

describe("H3: card numbers are stored and shown only as keyed hashes and endings", () => {
  test("no byte of the data directory (database, write-ahead log, its index, spool) holds a card number or the raw read", async () => {
    const { dataDir } = fixture.server;
    for (const number of [...Object.values(CARDS), UNKNOWN_RAW]) {
      expect(await filesContaining(dataDir, Buffer.from(number)), `${number} in ${(await allFiles(dataDir)).join(", ")}`).toEqual([]);
    }
    expect(await allFiles(dataDir)).toContain("printvakt.db-wal");
  });

  test("the API lists each card by its id and ending, never a number", async () => {
    const answer = await fixture.admin.request("GET", "/api/users");
    const text = await answer.text();
    for (const number of Object.values(CARDS)) expect(text).not.toContain(number);
    const bo = (JSON.parse(text) as { username: string; cardCount: number; cards: { id: number; lastDigits: string }[] }[]).find((user) => user.username === "bo")!;
    expect(bo.cardCount).toBe(2);
    expect(bo.cards).toEqual([
      { id: expect.any(Number), lastDigits: "8901" },
      { id: expect.any(Number), lastDigits: "8903" },
    ]);
  });

  test("an unknown card is audited by its keyed hash and endings, so repeated reads still match", async () => {
    const hashKey = fixture.server.context.auditHashKey;
    expect(await auditOfType("card.unknown")).toEqual([
      { cardHash: keyedHash(hashKey, CARDS.linkedAtKiosk), cardEnding: "8903", rawEnding: "8903" },
      { cardHash: keyedHash(hashKey, CARDS.unknown), cardEnding: "8905", rawEnding: "8905" },
    ]);
    // The hash is the one the card is stored under once linked: the audit links both events.
    expect(await auditOfType("card.linked")).toContainEqual({ cardHash: keyedHash(hashKey, CARDS.linkedAtKiosk), kiosk: "Plan 3 kiosk" });
  });

  test("badging still finds the holder: the read number is hashed and looked up", async () => {
    // Bo's kiosk session from the link is still open: his other card is a second tap, which logs out.
    expect(await agent.emit("card:present", { card: CARDS.enrolledByAdmin })).toEqual({ ok: true, outcome: "logged-out" });
    expect(await agent.emit("card:present", { card: `00${CARDS.linkedAtKiosk}` })).toEqual({ ok: true, outcome: "session" });
    expect(await agent.emit("card:present", { card: CARDS.unknown })).toEqual({ ok: true, outcome: "unknown-card" });
  });

  test("an admin removes a card by its id, not by its number", async () => {
    const listed = await fixture.admin.json<{ username: string; cards: { id: number; lastDigits: string }[] }[]>("GET", "/api/users");
    const card = listed.find((user) => user.username === "bo")!.cards.find((entry) => entry.lastDigits === "8901")!;
    const byNumber = await fixture.admin.request("DELETE", `/api/users/bo/cards/${CARDS.linkedAtKiosk}`);
    expect([byNumber.status, await byNumber.json()]).toEqual([400, { error: { code: "bad-request", message: "a card is named by its id from the list of people" } }]);
    const annasCard = listed.find((user) => user.username === "anna")!.cards[0]!;
    const notBos = await fixture.admin.request("DELETE", `/api/users/bo/cards/${annasCard.id}`);
    expect([notBos.status, await notBos.json()]).toEqual([404, { error: { code: "not-found", message: "bo has no such card" } }]);
    expect(await fixture.admin.json("DELETE", `/api/users/bo/cards/${card.id}`)).toEqual({ ok: true, lastDigits: "8901" });
    expect(await agent.emit("card:present", { card: CARDS.enrolledByAdmin })).toEqual({ ok: true, outcome: "unknown-card" });
    const removed = await auditOfType("admin.changed");
    expect(removed).toContainEqual({ action: "removed", fields: ["card"], cardHash: keyedHash(fixture.server.context.auditHashKey, CARDS.enrolledByAdmin) });
  });
});
