// The SQL a badge reads through must answer exactly as the Prisma readers it stands in for.
import { describe, expect, test } from "vitest";
import { KIOSK_VISIBLE_STATES, type JobState } from "../jobs/job-states.js";
import { appendAudit, type AuditRecord } from "./audit-log.js";
import { CARD_HOLDER, cardHolder, kioskSessionReads } from "./badge-reads.js";
import type { Database } from "./database.js";
import { setDisabled } from "./directory-people.js";
import { createJob, listJobListingsOfOwner, moveJob, type NewJob } from "./jobs.js";
import { createKiosk } from "./kiosks.js";
import { openSqliteConnection } from "./sqlite-connection.js";
import { createPrinter, findKioskPrinter, recordPrinterStatus } from "./printers.js";
import { recentAdminChanges } from "./recent-admin-changes.js";
import { addCard, createUser, findUserByCard, setPinState } from "./users.js";
import { useMigratedDatabase } from "../../test/support/migrated-database.js";

let db: Database;
let url: string;
const HOUR = 3_600_000;
const now = Date.now();
let kioskIds: number[] = [];

function job(owner: string, fields: Partial<NewJob> = {}): NewJob {
  return {
    ownerName: owner, ownerIdentifiedBy: "requesting-user-name", sourceAddress: "127.0.0.1", state: "held", documentFormat: "application/pdf",
    sizeBytes: 1000, template: {}, masterKeyId: "00", spoolId: null, pinHash: null, expiresAt: new Date(now + HOUR), holdDueHeldMs: 0n, ...fields,
  };
}
/** Every byte value, so a blob that changed on its way from the database thread shows. */
const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
const seal = (jobId: number) => ({ wrappedKey: Buffer.concat([Buffer.from(`key of ${jobId}`), EVERY_BYTE]), sealedTitle: Buffer.concat([EVERY_BYTE, Buffer.from(`title of ${jobId}`)]) });
const changed = (subject: string, actor: string, hoursAgo: number): AuditRecord => ({ type: "admin.changed", actor, subject, details: { action: "changed", fields: ["name"] }, at: new Date(now - hoursAgo * HOUR) });

useMigratedDatabase("badge-reads", async ({ url: file, handles: [opened] }) => {
  db = opened!;
  url = file;
  await db.write(async (tx) => {
    const anna = await createUser(tx, { username: "anna", displayName: "Anna Andersson", pinHash: "pin", cards: [{ numberHash: "anna-1", lastDigits: "1111" }] });
    await addCard(tx, anna.id, { numberHash: "anna-2", lastDigits: "2222" });
    await setPinState(tx, anna.id, { failedPins: 2, lockedUntil: new Date(now + 60_000) });
    const dora = await createUser(tx, { username: "dora", displayName: "", passwordHash: "pw", cards: [{ numberHash: "dora-1", lastDigits: "9" }] });
    await setDisabled(tx, dora.id, "removed", new Date(now - HOUR));
    await createUser(tx, { username: "carl", displayName: "Carl", cards: [] });

    const mono = await createPrinter(tx, { name: "Mono", uri: "ipp://127.0.0.1:9/mono" });
    await recordPrinterStatus(tx, mono.id, { state: "idle", stateMessage: "", capabilities: { colorModes: ["monochrome"], media: ["iso_a4_210x297mm"] } });
    const colour = await createPrinter(tx, { name: "Colour", uri: "ipp://127.0.0.1:9/colour" });
    kioskIds = [
      (await createKiosk(tx, { name: "Hall", printerId: mono.id, tokenHash: "t1", agentTokenHash: null, releaseOnBadge: false })).id,
      (await createKiosk(tx, { name: "Lab", printerId: colour.id, tokenHash: "t2", agentTokenHash: null, releaseOnBadge: true })).id,
    ];

    // Anna: jobs in every state a kiosk shows and some it does not, one with the database's own
    // submission time (CURRENT_TIMESTAMP's text form), one with a PIN and a template.
    const jobs = [
      await createJob(tx, job("anna", { template: { copies: 2, sides: "two-sided-long-edge", "media-size": { "x-dimension": 21000 } }, pinHash: "p", pages: 3, sizeBytes: 5_000_000_000 }), seal),
      await createJob(tx, job("anna", { submittedAt: new Date(now - 5 * HOUR) }), seal),
      await createJob(tx, job("anna", { state: "incoming", submittedAt: new Date(now - 1000) }), seal),
      await createJob(tx, job("anna", { submittedAt: new Date(now - 2000) }), seal),
      await createJob(tx, job("anna", { submittedAt: new Date(now - 3000) }), seal),
      await createJob(tx, job("bert", { submittedAt: new Date(now) }), seal),
    ];
    await moveJob(tx, jobs[3]!.id, "held", "releasing", { releasedAt: new Date(now - 500), releasedPrinterId: colour.id });
    await moveJob(tx, jobs[3]!.id, "releasing", "may-have-printed", { stateReason: "printer went away", stateReasonCode: "printer-not-responding" });
    await moveJob(tx, jobs[4]!.id, "held", "releasing", { releasedAt: new Date(now - 400), releasedPrinterId: mono.id });

    await appendAudit(tx, changed("kiosk:Hall", "admin:old", 30));
    await appendAudit(tx, changed("printer:Mono", "admin:eva", 2));
    await appendAudit(tx, { type: "session.started", actor: "user:anna", subject: "kiosk:Hall", details: { sessionId: "s", method: "card", heldJobs: 1, mode: "screen", printer: "Mono", cardHash: "c" } });
    await appendAudit(tx, changed("kiosk:Hall", "admin:per", 1));
    await appendAudit(tx, changed("kiosk:Hall", "admin:per", 0.5));
    await appendAudit(tx, changed("kiosk:Lab", "admin:eva", 1));
  });
});

describe("cardHolder", () => {
  for (const numberHash of ["anna-1", "anna-2", "dora-1", "nobody"]) {
    test(`${numberHash}: the person and their cards findUserByCard gives`, async () => {
      expect(await cardHolder(db, numberHash)).toEqual(await findUserByCard(db, numberHash));
    });
  }
});

test("the card, its holder and the holder's cards are each found through an index, never by a scan (issue 13)", async () => {
  const connection = openSqliteConnection(url);
  try {
    const plan = await connection.execute({ sql: `EXPLAIN QUERY PLAN ${CARD_HOLDER}`, args: ["anna-1"] });
    expect(plan.rows.map((row) => row.detail)).toEqual([
      "SEARCH read USING INDEX Card_numberHash_key (numberHash=?)",
      "SEARCH u USING INTEGER PRIMARY KEY (rowid=?)",
      "SEARCH mine USING INDEX Card_userId_idx (userId=?)",
    ]);
  } finally {
    connection.close();
  }
});

describe("kioskSessionReads", () => {
  const listings: { owner: string; states: readonly JobState[]; limit: number }[] = [
    { owner: "anna", states: KIOSK_VISIBLE_STATES, limit: 200 },
    { owner: "anna", states: KIOSK_VISIBLE_STATES, limit: 2 },
    { owner: "anna", states: ["held"], limit: 200 },
    { owner: "bert", states: KIOSK_VISIBLE_STATES, limit: 200 },
    { owner: "carl", states: KIOSK_VISIBLE_STATES, limit: 200 },
  ];
  for (const { owner, states, limit } of listings) {
    test(`${owner}'s ${states.join("/")} jobs (at most ${limit}): listJobListingsOfOwner's answer`, async () => {
      const reads = await kioskSessionReads(db, { ownerName: owner, states, limit });
      expect(reads).toEqual({ jobs: await listJobListingsOfOwner(db, owner, states, limit) });
    });
  }

  test("each kiosk's printer (and none for a kiosk that is gone): findKioskPrinter's answer", async () => {
    for (const kioskId of [...kioskIds, 999]) {
      const reads = await kioskSessionReads(db, { kioskId, ownerName: "anna", states: KIOSK_VISIBLE_STATES, limit: 200 });
      expect(reads.printer).toEqual(await findKioskPrinter(db, kioskId));
    }
  });

  test("the admin changes of the day: recentAdminChanges' answer", async () => {
    for (const subjects of [["kiosk:Hall", "printer:Mono"], ["kiosk:Lab", "printer:Colour"], ["kiosk:Gone"]]) {
      for (const since of [new Date(now - 24 * HOUR), new Date(now - 0.75 * HOUR), new Date(now)]) {
        const reads = await kioskSessionReads(db, { ownerName: "anna", states: KIOSK_VISIBLE_STATES, limit: 200, adminChangesOf: { subjects, since } });
        expect(reads.adminChanges).toEqual(await recentAdminChanges(db, subjects, since));
      }
    }
  });
});
