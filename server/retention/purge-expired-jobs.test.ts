// Which jobs retention purges and with what record, and the start-up recovery of interrupted releases, on a real SQLite file.
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import type { AppContext } from "../app-context.js";
import { sealJobSecrets } from "../jobs/job-secrets.js";
import type { JobState } from "../jobs/job-states.js";
import { createLogger } from "../logger.js";
import { newJobKey } from "../spool/job-key.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { countAudit, readAudit } from "../store/audit-log.js";
import { createJob, findJob, markSendStarted, moveJob } from "../store/jobs.js";
import { recoverInterruptedReleases } from "./interrupted-releases.js";
import { purgeExpiredJobs } from "./purge-expired-jobs.js";
import { useFreshContext } from "../../test/support/fresh-context.js";

const NOW = new Date("2026-05-01T12:00:00.000Z");
const HOUR = 3_600_000;

let context: AppContext;
let spool: SpoolStore;
const logger = createLogger("silent");
useFreshContext("purge", (fresh) => {
  ({ context, spool } = fresh);
});

/** A job with a real encrypted spool file (none for incoming jobs), then moved to `state`. */
async function job(owner: string, state: JobState, expiresAt: Date, submittedAt = new Date(NOW.getTime() - 4 * HOUR)): Promise<number> {
  const jobKey = newJobKey();
  const document = Buffer.from(`document of ${owner}`);
  const written = state === "incoming" ? null : await spool.writeJob(Readable.from([document]), { jobKey, maxBytes: 1_000 });
  const created = await context.db.write((tx) =>
    createJob(
      tx,
      {
        ownerName: owner,
        ownerIdentifiedBy: "requesting-user-name",
        sourceAddress: "127.0.0.1",
        state: state === "incoming" ? "incoming" : "held",
        documentFormat: "application/pdf",
        sizeBytes: written ? document.length : 0,
        template: {},
        masterKeyId: context.masterKey.id,
        spoolId: written?.spoolId ?? null,
        pinHash: null,
        expiresAt,
        holdDueHeldMs: 0n,
        submittedAt,
      },
      (jobId) => sealJobSecrets(context.masterKey, jobId, jobKey, `title of ${owner}`),
    ),
  );
  // Along the state table's paths: a job reaches may-have-printed only through releasing.
  if (state === "may-have-printed" || state === "releasing") await context.db.write((tx) => moveJob(tx, created.id, "held", "releasing"));
  if (state === "may-have-printed") await context.db.write((tx) => moveJob(tx, created.id, "releasing", state));
  else if (state !== "held" && state !== "incoming" && state !== "releasing") await context.db.write((tx) => moveJob(tx, created.id, "held", state));
  return created.id;
}

async function purges() {
  const entries = [];
  for await (const entry of readAudit(context.db, { types: ["job.purged"] })) entries.push(entry);
  return entries;
}

describe("purgeExpiredJobs", () => {
  test("purges expired held and incoming jobs, each with its reason, and nothing else", async () => {
    const expiredHeld = await job("anna", "held", new Date(NOW.getTime() - 1));
    const expiredIncoming = await job("bertil", "incoming", new Date(NOW.getTime() - 1), new Date(NOW.getTime() - 5 * 60_000));
    const expiresExactlyNow = await job("cecilia", "held", NOW);
    const notYet = await job("david", "held", new Date(NOW.getTime() + 1));
    const releasing = await job("erik", "releasing", new Date(NOW.getTime() - HOUR));

    expect(await purgeExpiredJobs({ db: context.db, spool, heldTime: context.heldTime, logger }, NOW)).toBe(3);

    const states = Object.fromEntries(await Promise.all([expiredHeld, expiredIncoming, expiresExactlyNow, notYet, releasing].map(async (id) => [id, (await findJob(context.db, id))!.state])));
    expect(states).toEqual({ [expiredHeld]: "purged", [expiredIncoming]: "purged", [expiresExactlyNow]: "purged", [notYet]: "held", [releasing]: "releasing" });
    const purged = (await findJob(context.db, expiredHeld))!;
    expect(purged).toMatchObject({ wrappedKey: null, sealedTitle: null, stateReason: "hold-time-expired" });
    expect(purged.destroyedAt).not.toBeNull();
    expect((await purges()).map((entry) => [entry.subject, entry.actor, entry.details])).toEqual([
      [`job:${expiredHeld}`, "system", { owner: "anna", reason: "hold-time-expired", heldSeconds: 4 * 3_600, sizeBytes: 16 }],
      [`job:${expiredIncoming}`, "system", { owner: "bertil", reason: "no-document", heldSeconds: 300, sizeBytes: 0 }],
      [`job:${expiresExactlyNow}`, "system", { owner: "cecilia", reason: "hold-time-expired", heldSeconds: 4 * 3_600, sizeBytes: 19 }],
    ]);
    // The two purged held jobs' files are gone; the held and the releasing job keep theirs.
    expect(await spool.listSpoolIds()).toHaveLength(2);
  });

  test("a second run finds nothing: a purged job is never purged or audited twice", async () => {
    await job("anna", "held", new Date(NOW.getTime() - 1));
    expect(await purgeExpiredJobs({ db: context.db, spool, heldTime: context.heldTime, logger }, NOW)).toBe(1);
    expect(await purgeExpiredJobs({ db: context.db, spool, heldTime: context.heldTime, logger }, NOW)).toBe(0);
    expect(await countAudit(context.db, { types: ["job.purged"] })).toBe(1);
  });

  test("works through a backlog larger than one batch", async () => {
    for (let index = 0; index < 205; index++) await job(`user${index % 3}`, "incoming", new Date(NOW.getTime() - 1));
    expect(await purgeExpiredJobs({ db: context.db, spool, heldTime: context.heldTime, logger }, NOW)).toBe(205);
    expect(await countAudit(context.db, { types: ["job.purged"] })).toBe(205);
  });

  // shouldStop runs between listing a job and purging it: the place where another writer could step in.
  test("a job claimed for release after it was listed is left alone", async () => {
    const id = await job("anna", "held", new Date(NOW.getTime() - 1));
    const claim = async () => context.db.write((tx) => moveJob(tx, id, "held", "releasing"));
    let claimed: Promise<boolean> | undefined;
    const purged = await purgeExpiredJobs({ db: context.db, spool, heldTime: context.heldTime, logger }, NOW, () => {
      claimed ??= claim();
      return false;
    });
    expect(await claimed).toBe(true);
    expect(purged).toBe(0);
    expect((await findJob(context.db, id))!.state).toBe("releasing");
    expect(await countAudit(context.db, { types: ["job.purged"] })).toBe(0);
  });

  test("a job whose hold time was extended after it was listed is rolled back, key and file intact", async () => {
    const id = await job("anna", "held", new Date(NOW.getTime() - 1));
    let extended: Promise<unknown> | undefined;
    const purged = await purgeExpiredJobs({ db: context.db, spool, heldTime: context.heldTime, logger }, NOW, () => {
      extended ??= context.db.write((tx) => moveJob(tx, id, "held", "held", { expiresAt: new Date(NOW.getTime() + HOUR) }));
      return false;
    });
    await extended;
    expect(purged).toBe(0);
    const kept = (await findJob(context.db, id))!;
    expect(kept.state).toBe("held");
    expect(kept.wrappedKey).not.toBeNull();
    expect(await spool.listSpoolIds()).toEqual([kept.spoolId]);
    expect(await countAudit(context.db, { types: ["job.purged"] })).toBe(0);
  });

  test("purges an expired job that may have printed like a held one, and never one on its way to a printer", async () => {
    const mayHavePrinted = await job("anna", "may-have-printed", new Date(NOW.getTime() - 1));
    const releasing = await job("bertil", "releasing", new Date(NOW.getTime() - 1));
    expect(await purgeExpiredJobs({ db: context.db, spool, heldTime: context.heldTime, logger }, NOW)).toBe(1);
    expect(await findJob(context.db, mayHavePrinted)).toMatchObject({ state: "purged", wrappedKey: null, sealedTitle: null });
    expect((await findJob(context.db, releasing))!.state).toBe("releasing");
    expect((await purges()).map((entry) => [entry.subject, entry.details.reason])).toEqual([[`job:${mayHavePrinted}`, "hold-time-expired"]]);
  });

  test("a job whose wall-clock time is up but whose held time is not stays held (a clock step cannot purge it)", async () => {
    const id = await job("anna", "held", new Date(NOW.getTime() - 1));
    await context.db.write((tx) => moveJob(tx, id, "held", "held", { holdDueHeldMs: BigInt(context.heldTime.now() + HOUR) }));
    expect(await purgeExpiredJobs({ db: context.db, spool, heldTime: context.heldTime, logger }, NOW)).toBe(0);
    expect((await findJob(context.db, id))!.state).toBe("held");
    // Once the held-time clock reaches the due point as well, it goes.
    const later = { now: () => context.heldTime.now() + HOUR } as typeof context.heldTime;
    expect(await purgeExpiredJobs({ db: context.db, spool, heldTime: later, logger }, NOW)).toBe(1);
  });

  test("stops between jobs when asked to", async () => {
    for (let index = 0; index < 3; index++) await job("anna", "held", new Date(NOW.getTime() - 1));
    let asked = 0;
    expect(await purgeExpiredJobs({ db: context.db, spool, heldTime: context.heldTime, logger }, NOW, () => ++asked > 1)).toBe(1);
  });
});

describe("recoverInterruptedReleases", () => {
  async function audited(type: "job.release-unknown" | "job.release-not-sent") {
    const entries = [];
    for await (const entry of readAudit(context.db, { types: [type] })) entries.push(entry);
    return entries.map((entry) => [entry.subject, entry.actor, entry.details]);
  }

  test("moves releasing jobs whose sending had begun to may-have-printed (never back to held) with their key, says why, and audits it", async () => {
    const interrupted = await job("anna", "releasing", new Date(NOW.getTime() + HOUR));
    expect(await context.db.write((tx) => markSendStarted(tx, interrupted))).toBe(true);
    const held = await job("bertil", "held", new Date(NOW.getTime() + HOUR));
    expect(await recoverInterruptedReleases(context.db)).toEqual({ held: [], mayHavePrinted: [interrupted] });
    const recovered = (await findJob(context.db, interrupted))!;
    expect(recovered).toMatchObject({ state: "may-have-printed", stateReason: "release interrupted", stateReasonCode: "release-interrupted" });
    expect(recovered.wrappedKey).not.toBeNull();
    expect((await findJob(context.db, held))!.stateReason).toBe("");
    expect(await audited("job.release-unknown")).toEqual([[`job:${interrupted}`, "system", { owner: "anna", printer: "", reason: "release interrupted" }]]);
    expect(await recoverInterruptedReleases(context.db)).toEqual({ held: [], mayHavePrinted: [] });
  });

  test("a releasing job that was still waiting for its printer (nothing sent) is held again, audited job.release-not-sent", async () => {
    const waiting = await job("anna", "releasing", new Date(NOW.getTime() + HOUR));
    expect(await recoverInterruptedReleases(context.db)).toEqual({ held: [waiting], mayHavePrinted: [] });
    const recovered = (await findJob(context.db, waiting))!;
    expect(recovered).toMatchObject({ state: "held", stateReason: "release interrupted before anything was sent", stateReasonCode: "release-not-sent", releasedAt: null, releasedPrinterId: null, sendStartedAt: null });
    expect(recovered.wrappedKey).not.toBeNull();
    expect(await audited("job.release-not-sent")).toEqual([[`job:${waiting}`, "system", { owner: "anna", printer: "", reason: "release interrupted before anything was sent" }]]);
    expect(await audited("job.release-unknown")).toEqual([]);
  });

  test("the send mark is written only while the job is releasing", async () => {
    const held = await job("anna", "held", new Date(NOW.getTime() + HOUR));
    expect(await context.db.write((tx) => markSendStarted(tx, held))).toBe(false);
    expect((await findJob(context.db, held))!.sendStartedAt).toBeNull();
  });
});
