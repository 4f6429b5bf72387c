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
import { createJob, findJob } from "../store/jobs.js";
import { statusWithoutCapabilities, type PrinterDriver } from "../../drivers/printers/printer-driver.js";
import { asCli } from "../../test/support/printer-destination.js";
import { useFreshContext } from "../../test/support/fresh-context.js";
import { PrinterFleet } from "./printer-fleet.js";
import { ReleaseService } from "./release-service.js";
import type { ReleaseOutcome } from "./release-types.js";
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

/** Counts the write transactions the release makes, and where the answer was written. */
function countingWrites(): { writes: () => number } {
  const db = context.db;
  const write = db.write.bind(db);
  let writes = 0;
  Object.assign(db, {
    write: (work: (tx: Transaction) => Promise<unknown>) => {
      writes += 1;
      return write(work);
    },
  });
  return { writes: () => writes };
}

/** A record that keeps keys and answers in memory, as release-requests.ts keeps them in the database. */
function recordInMemory(keys: Set<string>, key: string, answers: { outcomes: ReleaseOutcome[]; states: (string | undefined)[] }[], jobIds: number[]): ReleaseRecord {
  return {
    claimKey: async () => {
      if (keys.has(key)) return false;
      keys.add(key);
      return true;
    },
    recordAnswer: async (tx, outcomes) => {
      answers.push({ outcomes, states: await Promise.all(jobIds.map(async (id) => (await findJob(tx, id))?.state)) });
    },
  };
}

test("a one-job release is one transaction: the key's claim, the job's claim and the answer", async () => {
  const { service, request, jobIds } = await setUp();
  const counted = countingWrites();
  const answers: { outcomes: ReleaseOutcome[]; states: (string | undefined)[] }[] = [];

  const released = await service.release(request, [jobIds[0]!], () => undefined, recordInMemory(new Set(), "tap-1", answers, [jobIds[0]!]));

  expect(released.outcomes).toEqual([{ jobId: jobIds[0], outcome: "accepted" }]);
  expect(answers).toEqual([{ outcomes: released.outcomes, states: ["releasing"] }]);
  expect(counted.writes()).toBe(1);
});

test("the answer is written in the transaction that claims the last job: one transaction per job, none for the key or the answer", async () => {
  const { service, request, jobIds } = await setUp();
  const counted = countingWrites();
  const answers: { outcomes: ReleaseOutcome[]; states: (string | undefined)[] }[] = [];

  const { outcomes } = await service.release(request, jobIds, () => undefined, recordInMemory(new Set(), "tap-1", answers, jobIds));

  expect(outcomes).toEqual(jobIds.map((jobId) => ({ jobId, outcome: "accepted" })));
  // Written once, inside the transaction that claimed the last job (it reads it releasing there).
  expect(answers).toEqual([{ outcomes, states: ["releasing", "releasing"] }]);
  expect(counted.writes()).toBe(2);
});

test("a key claimed before changes nothing: no job is claimed and the release says it was repeated", async () => {
  const { service, request, jobIds } = await setUp();
  const keys = new Set(["tap-1"]);
  const answers: { outcomes: ReleaseOutcome[]; states: (string | undefined)[] }[] = [];

  const released = await service.release(request, jobIds, () => undefined, recordInMemory(keys, "tap-1", answers, jobIds));

  expect(released).toMatchObject({ repeated: true, outcomes: [] });
  expect(answers).toEqual([]);
  expect(await Promise.all(jobIds.map(async (id) => (await findJob(context.db, id))?.state))).toEqual(["held", "held"]);
});

test("when the last job is not claimed, the answer is written on its own, with every outcome", async () => {
  const { service, request, jobIds } = await setUp();
  const answers: { outcomes: ReleaseOutcome[]; states: (string | undefined)[] }[] = [];

  const { outcomes } = await service.release(request, [...jobIds, 999_999], () => undefined, recordInMemory(new Set(), "tap-1", answers, []));

  expect(outcomes).toEqual([...jobIds.map((jobId) => ({ jobId, outcome: "accepted" })), { jobId: 999_999, outcome: "not-found" }]);
  expect(answers.map((answer) => answer.outcomes)).toEqual([outcomes]);
});

test("an answer that cannot be written leaves the job unclaimed: its claim is rolled back with it", async () => {
  const { service, request, jobIds } = await setUp();
  const keys = new Set<string>();
  const failure = new Error("disk full");
  const record = { ...recordInMemory(keys, "tap-1", [], []), recordAnswer: () => Promise.reject(failure) };

  await expect(service.release(request, [jobIds[0]!], () => undefined, record)).rejects.toBe(failure);

  expect((await findJob(context.db, jobIds[0]!))?.state).toBe("held");
});

// Found by review: after the key was claimed, and always at a reader-only kiosk (no key at all), a
// PIN-protected job's claimKey() still ran an empty transaction (an fsync, and a way to fail midway).
test("claiming the key again, or at a kiosk without a key, writes nothing", async () => {
  let writes = 0;
  const db = { write: async (work: (tx: Transaction) => Promise<unknown>) => ((writes += 1), work({} as Transaction)) } as unknown as Database;
  const keyed = new ReleaseWrites(db, { claimKey: async () => true, recordAnswer: async () => undefined });
  await keyed.claimKey();
  await keyed.claimKey();
  expect(writes).toBe(1);

  const keyless = new ReleaseWrites(db, undefined);
  await keyless.claimKey();
  expect(writes).toBe(1);
});
