// A screen kiosk's release key is claimed by the release's first write and its answer stored with
// the last job's claim (issue 13): neither is a transaction of its own before the first byte, and
// none queues in front of the record that sending starts.
import { Readable } from "node:stream";
import { expect, test } from "vitest";
import { addKiosk } from "../admin/kiosks.js";
import { addPrinter } from "../admin/printers.js";
import { addUser } from "../admin/users.js";
import type { AppContext } from "../app-context.js";
import { PinGuard } from "../identity/pin-guard.js";
import { sealJobSecrets } from "../jobs/job-secrets.js";
import { createLogger } from "../logger.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { newJobKey } from "../spool/job-key.js";
import type { Database, Transaction } from "../store/database.js";
import { createJob, findJob, moveJob } from "../store/jobs.js";
import { releaseReads } from "../store/release-reads.js";
import { claimReleaseKey, findReleaseRequest, storeReleaseOutcome } from "../store/release-requests.js";
import { statusWithoutCapabilities, type PrinterDriver } from "../../drivers/printers/printer-driver.js";
import { asCli } from "../../test/support/printer-destination.js";
import { useFreshContext } from "../../test/support/fresh-context.js";
import { PrinterFleet } from "./printer-fleet.js";
import { ReleaseService } from "./release-service.js";
import { ReleaseWrites, type ReleaseRecord } from "./release-writes.js";

const admin = { label: "admin:test", role: "admin" as const };
let context: AppContext;
let spool: SpoolStore;
useFreshContext("release-answer", (fresh) => {
  ({ context, spool } = fresh);
});

/** A printer that takes PDF and never answers a job: the release stays in flight while the test looks. */
const silentPrinter: PrinterDriver = {
  probe: async () => statusWithoutCapabilities(true, [], ["application/pdf"]),
  submit: () => new Promise(() => undefined),
};

async function setUp() {
  const logger = createLogger("silent");
  await addPrinter(context.db, admin, { name: "Plan 3", uri: "socket://192.0.2.10:9100", declared: { language: "pdf" } }, asCli(context));
  const { kiosk } = await addKiosk(context.db, admin, { name: "Kiosk Plan 3", printer: "Plan 3", releaseOnBadge: false }, "cli");
  const user = await addUser(context.db, admin, context, { username: "alice", cards: ["1111111"] });
  const jobIds: number[] = [];
  for (const title of ["Budget", "Minutes"]) {
    const jobKey = newJobKey();
    const pdf = Buffer.from("%PDF-1.4\n%%EOF\n");
    const written = await spool.writeJob(Readable.from([pdf]), { jobKey, maxBytes: pdf.length });
    const job = await context.db.write((tx) =>
      createJob(
        tx,
        {
          ownerName: "alice",
          ownerIdentifiedBy: "test",
          sourceAddress: "127.0.0.1",
          state: "held",
          documentFormat: "application/pdf",
          sizeBytes: pdf.length,
          template: {},
          masterKeyId: context.masterKey.id,
          spoolId: written.spoolId,
          pinHash: null,
          expiresAt: new Date(Date.now() + 3_600_000),
          holdDueHeldMs: 3_600_000n,
        },
        (jobId) => sealJobSecrets(context.masterKey, jobId, jobKey, title),
      ),
    );
    jobIds.push(job.id);
  }
  const service = new ReleaseService(context, spool, new PrinterFleet(context.db, logger, () => silentPrinter), new PinGuard(context), logger);
  return { service, request: { user, kiosk, cardHash: "card-hash", mode: "screen" as const }, jobIds };
}

/** Counts the release's write transactions through Prisma (db.write): none of them should stand before the first byte. */
function countingWrites(): { throughPrisma: () => number } {
  const db = context.db;
  const write = db.write.bind(db);
  let throughPrisma = 0;
  Object.assign(db, {
    write: (work: (tx: Transaction) => Promise<unknown>) => {
      throughPrisma += 1;
      return write(work);
    },
  });
  return { throughPrisma: () => throughPrisma };
}

/** A screen kiosk's record of its release: its key within the session, stored in the database. */
function recordOf(key: string, jobIds: number[]): ReleaseRecord {
  return { releaseKey: { kioskId: 1, sessionId: "session-1", key }, jobIds };
}

/** The answer stored under the key, as the kiosk would get it again. */
async function storedAnswer(key: string): Promise<unknown> {
  const row = await findReleaseRequest(context.db, recordOf(key, []).releaseKey);
  return row === null ? null : row.outcome === "pending" ? "pending" : JSON.parse(row.outcome);
}

const statesOf = (jobIds: number[]) => Promise.all(jobIds.map(async (id) => (await findJob(context.db, id))?.state));

test("a one-job release is one transaction: the key's claim, the job's claim and the answer, sent whole past Prisma", async () => {
  const { service, request, jobIds } = await setUp();
  const counted = countingWrites();

  const released = await service.release(request, [jobIds[0]!], () => undefined, recordOf("tap-1", [jobIds[0]!]));

  expect(released.outcomes).toEqual([{ jobId: jobIds[0], outcome: "accepted" }]);
  expect(await storedAnswer("tap-1")).toEqual(released.outcomes);
  expect(await statesOf([jobIds[0]!])).toEqual(["releasing"]);
  // Issue 13: no Prisma transaction (a round trip per statement) stands before the first byte; the
  // key, the job and the answer are one message (release-claims.test.ts holds what it writes).
  expect(counted.throughPrisma()).toBe(0);
});

test("the answer is written with the claim of the last job: none of the key, the claims or the answer is a Prisma transaction", async () => {
  const { service, request, jobIds } = await setUp();
  const counted = countingWrites();

  const { outcomes } = await service.release(request, jobIds, () => undefined, recordOf("tap-1", jobIds));

  expect(outcomes).toEqual(jobIds.map((jobId) => ({ jobId, outcome: "accepted" })));
  expect(await storedAnswer("tap-1")).toEqual(outcomes);
  expect(counted.throughPrisma()).toBe(0);
});

test("a key claimed before changes nothing: no job is claimed and the release answers what was stored under it", async () => {
  const { service, request, jobIds } = await setUp();
  const earlier = [{ jobId: jobIds[0]!, outcome: "accepted" }];
  await context.db.write(async (tx) => {
    await claimReleaseKey(tx, recordOf("tap-1", jobIds).releaseKey, jobIds);
    await storeReleaseOutcome(tx, recordOf("tap-1", jobIds).releaseKey, JSON.stringify(earlier));
  });

  const released = await service.release(request, jobIds, () => undefined, recordOf("tap-1", jobIds));

  expect(released).toMatchObject({ repeated: true, outcomes: [], earlierAnswer: JSON.stringify(earlier) });
  expect(await storedAnswer("tap-1")).toEqual(earlier);
  expect(await statesOf(jobIds)).toEqual(["held", "held"]);
});

test("when the last job is not claimed, the answer is written on its own, with every outcome", async () => {
  const { service, request, jobIds } = await setUp();

  const { outcomes } = await service.release(request, [...jobIds, 999_999], () => undefined, recordOf("tap-1", []));

  expect(outcomes).toEqual([...jobIds.map((jobId) => ({ jobId, outcome: "accepted" })), { jobId: 999_999, outcome: "not-found" }]);
  expect(await storedAnswer("tap-1")).toEqual(outcomes);
});

// Found by review: after the key was claimed, and always at a reader-only kiosk (no key at all), a
// PIN-protected job's claimKey() still ran an empty transaction (an fsync, and a way to fail midway).
test("claiming the key again, or at a kiosk without a key, writes nothing", async () => {
  let writes = 0;
  const tx = { releaseRequest: { create: async () => ({}) } } as unknown as Transaction;
  const db = { write: async (work: (tx: Transaction) => Promise<unknown>) => ((writes += 1), work(tx)) } as unknown as Database;
  const keyed = new ReleaseWrites(db, recordOf("tap-1", []));
  await keyed.claimKey();
  await keyed.claimKey();
  expect(writes).toBe(1);

  const keyless = new ReleaseWrites(db, undefined);
  await keyless.claimKey();
  expect(writes).toBe(1);
});

test("the printer and first job read ahead with the person are used as read; a job that moved since is not claimed (the claim checks its state)", async () => {
  const { service, request, jobIds } = await setUp();
  const [first, second] = jobIds as [number, number];
  const readAhead = await releaseReads(context.db, { username: "alice", printerId: request.kiosk.printerId, jobId: first });
  // Released elsewhere between the read and the claim, and back as may-have-printed.
  await context.db.write(async (tx) => {
    await moveJob(tx, first, "held", "releasing");
    await moveJob(tx, first, "releasing", "may-have-printed");
  });

  const { outcomes } = await service.release(request, [first, second], () => undefined, recordOf("tap-1", [first, second]), { printer: readAhead.printer, firstJob: readAhead.job });

  // Read again (the old path), the job would ask its owner to confirm a reprint; as read ahead it was held, and the claim's WHERE refuses it.
  expect(outcomes).toEqual([{ jobId: first, outcome: "not-found" }, { jobId: second, outcome: "accepted" }]);
  expect(await statesOf([first, second])).toEqual(["may-have-printed", "releasing"]);
  expect(await storedAnswer("tap-1")).toEqual(outcomes);
});
