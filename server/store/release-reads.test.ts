// The SQL a release reads through before its claim must answer exactly as the Prisma readers it
// stands in for: findUserByName, findPrinterById and findJob.
import { expect, test } from "vitest";
import type { Database } from "./database.js";
import { setDisabled } from "./directory-people.js";
import { createJob, destroyJob, findJob, markSendStarted, moveJob, type NewJob } from "./jobs.js";
import { createPrinter, findPrinterById, recordPrinterStatus, setNearbyPrinters } from "./printers.js";
import { releaseReads } from "./release-reads.js";
import { addCard, createUser, findUserByName, setPinState } from "./users.js";
import { useMigratedDatabase } from "../../test/support/migrated-database.js";

let db: Database;
const HOUR = 3_600_000;
const now = Date.now();
let printerIds: number[] = [];
let jobIds: number[] = [];

const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
const seal = (jobId: number) => ({ wrappedKey: Buffer.concat([Buffer.from(`key of ${jobId}`), EVERY_BYTE]), sealedTitle: Buffer.concat([EVERY_BYTE, Buffer.from(`title of ${jobId}`)]) });
function job(fields: Partial<NewJob> = {}): NewJob {
  return {
    ownerName: "anna", ownerIdentifiedBy: "requesting-user-name", sourceAddress: "127.0.0.1", state: "held", documentFormat: "application/pdf",
    sizeBytes: 1000, template: {}, masterKeyId: "00", spoolId: null, pinHash: null, expiresAt: new Date(now + HOUR), holdDueHeldMs: 0n, ...fields,
  };
}

useMigratedDatabase("release-reads", async ({ handles: [opened] }) => {
  db = opened!;
  await db.write(async (tx) => {
    const anna = await createUser(tx, { username: "anna", displayName: "Anna Andersson", pinHash: "pin", cards: [{ numberHash: "anna-2", lastDigits: "2222" }] });
    await addCard(tx, anna.id, { numberHash: "anna-1", lastDigits: "1111" });
    await setPinState(tx, anna.id, { failedPins: 2, lockedUntil: new Date(now + 60_000) });
    const dora = await createUser(tx, { username: "dora", displayName: "", passwordHash: "pw", cards: [{ numberHash: "dora-1", lastDigits: "9" }] });
    await setDisabled(tx, dora.id, "removed", new Date(now - HOUR));
    await createUser(tx, { username: "carl", displayName: "Carl", cards: [] });

    const mono = await createPrinter(tx, { name: "Mono", uri: "ipp://127.0.0.1:9/mono", holdTimeSeconds: 600 });
    await recordPrinterStatus(tx, mono.id, { state: "idle", stateMessage: "ready", capabilities: { formats: ["application/pdf"], media: ["iso_a4_210x297mm"] } });
    const never = await createPrinter(tx, { name: "Never asked", uri: "socket://127.0.0.1:9100" });
    await setNearbyPrinters(tx, mono.id, [never.id]);
    printerIds = [mono.id, never.id];

    const template = { copies: 2, sides: "two-sided-long-edge", "media-size": { "x-dimension": 21000 } };
    const held = await createJob(tx, job({ template, pinHash: "p", pages: 3, sizeBytes: 5_000_000_000, sniffedFormat: "application/pdf", jobUuid: "urn:uuid:1", documentDigest: "d", submittedAt: new Date(now - 5 * HOUR) }), seal);
    // The database's own submission time (CURRENT_TIMESTAMP's text form) when none is given.
    const plain = await createJob(tx, job({ spoolId: "spool-1" }), seal);
    const sending = await createJob(tx, job(), seal);
    await moveJob(tx, sending.id, "held", "releasing", { releasedAt: new Date(now), releasedPrinterId: mono.id, releasedKioskId: null });
    await markSendStarted(tx, sending.id);
    const released = await createJob(tx, job(), seal);
    await moveJob(tx, released.id, "held", "releasing");
    await destroyJob(tx, released.id, ["releasing"], "released", { printerJobId: 42, releasedAt: new Date(now) });
    jobIds = [held.id, plain.id, sending.id, released.id];
  });
});

test("the person, the printer and the job answer as findUserByName, findPrinterById and findJob do", async () => {
  for (const username of ["anna", "dora", "carl", "nobody"]) {
    for (const printerId of [...printerIds, 999]) {
      for (const jobId of [...jobIds, 999]) {
        const read = await releaseReads(db, { username, printerId, jobId });
        expect(read).toEqual({ user: await findUserByName(db, username), printer: await findPrinterById(db, printerId), job: await findJob(db, jobId) });
      }
    }
  }
});

test("a person with several cards has them lowest id first, and one without cards has none", async () => {
  const anna = await releaseReads(db, { username: "anna", printerId: printerIds[0]! });
  expect(anna.user!.cards.map((card) => card.lastDigits)).toEqual(["2222", "1111"]);
  expect((await releaseReads(db, { username: "carl", printerId: printerIds[0]! })).user!.cards).toEqual([]);
});

test("no job asked for, or an id no job can have, finds none (as findJob)", async () => {
  expect((await releaseReads(db, { username: "anna", printerId: printerIds[0]! })).job).toBeNull();
  for (const jobId of [0, -1, 2 ** 31, 1.5, Number.NaN]) {
    expect((await releaseReads(db, { username: "anna", printerId: printerIds[0]!, jobId })).job).toEqual(await findJob(db, jobId));
  }
});
