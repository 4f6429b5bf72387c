// Directory sync against a real OpenLDAP slapd over LDAPS: people and cards arrive, a rename keeps
// the person, a disabled or dropped person's card is refused at once and their jobs go after the grace.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser, addUserCard, setUserPassword } from "../../server/admin/users.js";
import { findJob, listJobsOfOwner } from "../../server/store/jobs.js";
import { findUserByCard, findUserByName, listUsers } from "../../server/store/users.js";
import { hashTypedCard } from "../../server/identity/card-numbers.js";
import { directoryEnv, syncNow } from "../support/directory-env.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { auditEntries, cardHolder, countByType } from "../support/printvakt-data.js";
import { PEOPLE_DN, personLdif, startSlapd, type Slapd } from "../support/slapd.js";
import { asCli } from "../support/printer-destination.js";

const actor = { label: "admin:test", role: "admin" as const };
let slapd: Slapd;
let server: InProcessServer;
let agent: KioskClient;

const fillers = Array.from({ length: 7 }, (_, index) => personLdif({ uid: `staff${index}` }));

beforeAll(async () => {
  slapd = await startSlapd([
    personLdif({ uid: "anna", cn: "Anna Andersson", mail: "anna@example.org", pager: ["1001"], employeeNumber: "2001" }),
    personLdif({ uid: "bertil", cn: "Bertil Berg", pager: ["1002"] }),
    personLdif({ uid: "carin", cn: "Carin Carlsson", pager: ["1003", "00001004"] }),
    ...fillers,
  ]);
  // 20 %: this suite disables one person and then drops another out of ten.
  server = await startInProcessServer(await directoryEnv(slapd, { PRINTVAKT_LDAP_REMOVED_GRACE: "1s", PRINTVAKT_LDAP_REMOVAL_THRESHOLD: "20%", PRINTVAKT_ALLOW_FILE_PRINTERS: "true" }));
  const { db } = server.context;
  await addUser(db, actor, server.context, { username: "hand", displayName: "By Hand", cards: ["9999"] });
  await addPrinter(db, actor, { name: "Plan 2", uri: `file://${path.join(server.dataDir, "printed")}` }, asCli(server.context));
  const { agentToken } = await addKiosk(db, actor, { name: "Kiosk Plan 2", printer: "Plan 2", releaseOnBadge: false }, "cli");
  agent = await connectKiosk(server.baseUrl, agentToken!, "agent");
}, 60_000);

afterAll(async () => {
  agent?.close();
  await server?.stop();
  await slapd?.stop();
});

const audit = async () => countByType(await auditEntries(server.dataDir));

describe("directory sync from OpenLDAP", () => {
  test("adds the directory's people with every card value, and a card then opens a kiosk session", async () => {
    const outcome = await syncNow(server.context);
    expect(outcome.applied).toBe(true);
    const people = await listUsers(server.context.db);
    expect(people.map((person) => person.username).sort()).toEqual(["anna", "bertil", "carin", "hand", ...fillers.map((_, index) => `staff${index}`)].sort());
    const anna = people.find((person) => person.username === "anna")!;
    expect(anna).toMatchObject({ displayName: "Anna Andersson", disabledAt: null });
    expect(anna.cards).toHaveLength(2);
    expect(await Promise.all(["1001", "2001"].map((number) => cardHolder(server.context, number)))).toEqual(["anna", "anna"]);
    expect(anna.directoryId).toMatch(/^[0-9a-f-]{36}$/);
    // The canonical rule applies to directory values too: leading zeros go.
    expect(await Promise.all(["1003", "1004"].map((number) => cardHolder(server.context, number)))).toEqual(["carin", "carin"]);
    expect(await audit()).toMatchObject({ "directory.synced": 1, "user.added": 10, "card.linked": 5 + 1 });
    expect(await agent.emit("card:present", { card: "1001" })).toMatchObject({ ok: true, outcome: "session" });
    expect(await agent.emit("card:present", { card: "1001" })).toMatchObject({ ok: true, outcome: "logged-out" });
  });

  test("a second sync with nothing changed in the directory changes nothing", async () => {
    const outcome = await syncNow(server.context);
    expect([outcome.plan.add.length, outcome.plan.update.length, outcome.plan.disable.length]).toEqual([0, 0, 0]);
    expect(await audit()).toMatchObject({ "directory.synced": 2, "user.added": 10 });
  });

  test("a rename in the directory keeps the person (same entryUUID), their cards and their held job", async () => {
    const before = (await findUserByName(server.context.db, "anna"))!;
    const answer = await printJob(server.port, { user: "anna", title: "Before the rename", document: makePdf() });
    expect(answer.status).toBe("successful-ok");
    await slapd.modify(`dn: uid=anna,${PEOPLE_DN}\nchangetype: modrdn\nnewrdn: uid=anna.berg\ndeleteoldrdn: 1\n`);
    await syncNow(server.context);
    const after = (await findUserByName(server.context.db, "anna.berg"))!;
    expect(after).toMatchObject({ id: before.id, directoryId: before.directoryId, cards: before.cards });
    expect(await findUserByName(server.context.db, "anna")).toBeNull();
    expect((await listJobsOfOwner(server.context.db, "anna.berg", ["held"])).map((job) => job.id)).toEqual([answer.jobId]);
    expect(await agent.emit("card:present", { card: "2001" })).toMatchObject({ ok: true, outcome: "session" });
    await agent.emit("card:present", { card: "2001" });
    const updated = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "user.updated");
    expect(updated.map((entry) => [entry.subject, entry.details])).toEqual([["user:anna.berg", { source: "directory", fields: ["username"] }]]);
  });

  test("a disabled person's card is refused right after the sync, and their held job is destroyed after the grace", async () => {
    const answer = await printJob(server.port, { user: "bertil", title: "Left behind", document: makePdf() });
    await slapd.modify(`dn: uid=bertil,${PEOPLE_DN}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 514\n`);
    await syncNow(server.context);
    const refused = await agent.emit("card:present", { card: "1002" });
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden", message: "This card is not active" } });
    const counts = await audit();
    expect(counts).toMatchObject({ "user.disabled": 1, "card.refused": 1 });
    // Within the grace period the job is still held.
    expect((await findJob(server.context.db, answer.jobId!))!.state).toBe("held");
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const outcome = await syncNow(server.context);
    expect(outcome.purged).toBe(1);
    const job = (await findJob(server.context.db, answer.jobId!))!;
    expect([job.state, job.stateReason, job.wrappedKey]).toEqual(["purged", "owner-disabled", null]);
    const purged = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "job.purged");
    expect(purged.map((entry) => entry.details.reason)).toEqual(["owner-disabled"]);
  });

  test("a person dropped from the directory is disabled as removed and their card refused", async () => {
    await slapd.modify(`dn: uid=carin,${PEOPLE_DN}\nchangetype: delete\n`);
    await syncNow(server.context);
    const carin = (await findUserByCard(server.context.db, hashTypedCard(server.context.auditHashKey, "1003").numberHash))!;
    expect([carin.username, carin.disabledReason]).toEqual(["carin", "removed"]);
    expect(await agent.emit("card:present", { card: "1004" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const refusals = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "card.refused");
    expect(refusals.map((entry) => [entry.subject, entry.details.reason])).toEqual([["user:bertil", "disabled"], ["user:carin", "removed"]]);
  });

  test("hand-added people are untouched and their cards work; directory-managed cards are read-only here", async () => {
    const hand = (await findUserByName(server.context.db, "hand"))!;
    expect(hand).toMatchObject({ displayName: "By Hand", cards: [{ id: expect.any(Number), lastDigits: "99" }], directoryId: null, disabledAt: null });
    expect(await agent.emit("card:present", { card: "9999" })).toMatchObject({ ok: true, outcome: "session" });
    await agent.emit("card:present", { card: "9999" });
    await expect(addUserCard(server.context.db, actor, server.context, "anna.berg", "5555")).rejects.toMatchObject({ code: "not-possible", message: expect.stringMatching(/is managed by the directory/) });
    await addUserCard(server.context.db, actor, server.context, "hand", "5555");
    expect((await findUserByName(server.context.db, "hand"))!.cards.map((card) => card.lastDigits)).toEqual(["99", "55"]);
    expect(await cardHolder(server.context, "5555")).toBe("hand");
  });

  test("a disabled directory person cannot link a new card at a kiosk, even with their printing password", async () => {
    await setUserPassword(server.context.db, actor, "bertil", "bertil-printing-pw");
    const unknown = await agent.emit("card:present", { card: "4242" });
    expect(unknown).toMatchObject({ ok: true, outcome: "unknown-card" });
    const { linkId } = await agent.next("card:unknown");
    const refused = await agent.emit("card:link", { linkId, username: "bertil", secret: "bertil-printing-pw", kind: "password" });
    expect(refused).toMatchObject({ ok: false, error: { code: "not-possible" } });
    expect(await cardHolder(server.context, "4242")).toBeNull();
  });
});
