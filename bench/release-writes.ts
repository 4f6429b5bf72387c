// The two writes a release makes before its first byte (the claim, with its key and answer, and the
// record that sending starts), through Prisma as before and as SQL sent whole to the writes thread
// (server/store/release-claims.ts), interleaved in blocks on one database; writes bench/results/release-writes.json.
//
// Run: npx tsx bench/release-writes.ts [--releases N --block N]
// Wall time per release (both writes) and CPU time of the whole process per release (process.cpuUsage,
// all threads): on a shared machine compare the CPU figures. It never asserts a timing.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../server/store/database.js";
import { createJob, markSendStarted, moveJob } from "../server/store/jobs.js";
import { migrateDatabase } from "../server/store/migrate.js";
import { claimJobForRelease, recordSendStarted } from "../server/store/release-claims.js";
import { claimReleaseKey, storeReleaseOutcome } from "../server/store/release-requests.js";
import { option } from "./options.js";
import { writeBenchResults } from "./results-file.js";

const settings = { releases: option("releases", 1_000), block: option("block", 25) };

/** Each job's owner, whom its release claim names. */
const ownerOf = new Map<number, string>();

async function heldJobs(db: Database, count: number): Promise<number[]> {
  return db.write(async (tx) => {
    const ids: number[] = [];
    for (let index = 0; index < count; index++) {
      const job = await createJob(
        tx,
        { ownerName: `person${index % 50}`, ownerIdentifiedBy: "bench", sourceAddress: "127.0.0.1", state: "held", documentFormat: "application/pdf", sizeBytes: 300_000, template: {}, masterKeyId: "00", spoolId: null, pinHash: null, expiresAt: new Date(Date.now() + 3_600_000), holdDueHeldMs: 0n },
        () => ({ wrappedKey: Buffer.alloc(60, 1), sealedTitle: Buffer.alloc(40, 2) }),
      );
      ids.push(job.id);
      ownerOf.set(job.id, job.ownerName);
    }
    return ids;
  });
}

type Way = "prisma" | "one message";

const releaseKey = (jobId: number) => ({ kioskId: 1, sessionId: `session-${jobId}`, key: `key-${jobId}` });
const answer = (jobId: number) => JSON.stringify([{ jobId, outcome: "accepted" }]);

/** One release's two writes, as release-service.ts made them before this change. */
async function throughPrisma(db: Database, jobId: number): Promise<void> {
  await db.write(async (tx) => {
    if (!(await claimReleaseKey(tx, releaseKey(jobId), [jobId])).first) throw new Error("key taken");
    await moveJob(tx, jobId, "held", "releasing", { stateReason: "", stateReasonCode: null, releasedAt: new Date(), releasedPrinterId: 1, releasedKioskId: 1, sendStartedAt: null });
    await storeReleaseOutcome(tx, releaseKey(jobId), answer(jobId));
  });
  await db.write((tx) => markSendStarted(tx, jobId));
}

async function inOneMessage(db: Database, jobId: number): Promise<void> {
  await claimJobForRelease(db, { jobId, ownerName: ownerOf.get(jobId)!, from: "held", releasedAt: new Date(), printerId: 1, kioskId: 1 }, { releaseKey: releaseKey(jobId), jobIds: [jobId], claim: true, answer: answer(jobId) });
  await recordSendStarted(db, jobId);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "printvakt-release-writes-"));
  const url = `file:${path.join(folder, "bench.db")}`;
  await migrateDatabase(url);
  const db = await openDatabase(url);
  try {
    const jobs = await heldJobs(db, settings.releases * 2 + 100);
    // Warm-up: compile both ways' statements.
    for (const jobId of jobs.splice(0, 50)) await (jobId % 2 === 0 ? throughPrisma(db, jobId) : inOneMessage(db, jobId));
    const measured: Record<Way, { wallMs: number[]; cpuMs: number }> = { prisma: { wallMs: [], cpuMs: 0 }, "one message": { wallMs: [], cpuMs: 0 } };
    for (let done = 0; done < settings.releases * 2; done += settings.block) {
      const way: Way = (done / settings.block) % 2 === 0 ? "prisma" : "one message";
      const cpu = process.cpuUsage();
      for (const jobId of jobs.splice(0, settings.block)) {
        const started = performance.now();
        await (way === "prisma" ? throughPrisma(db, jobId) : inOneMessage(db, jobId));
        measured[way].wallMs.push(performance.now() - started);
      }
      const used = process.cpuUsage(cpu);
      measured[way].cpuMs += (used.user + used.system) / 1000;
    }
    const results = Object.fromEntries(
      Object.entries(measured).map(([way, { wallMs, cpuMs }]) => {
        const sorted = [...wallMs].sort((a, b) => a - b);
        return [way, { releases: wallMs.length, wallP50Ms: Number(percentile(sorted, 0.5).toFixed(2)), wallP99Ms: Number(percentile(sorted, 0.99).toFixed(2)), cpuMsPerRelease: Number((cpuMs / wallMs.length).toFixed(3)) }];
      }),
    );
    console.log(`claim + "sending started", per release (${settings.releases} each way, interleaved in blocks of ${settings.block}):`);
    for (const [way, figures] of Object.entries(results)) console.log(`  ${way.padEnd(12)} wall p50 ${figures.wallP50Ms} ms, p99 ${figures.wallP99Ms} ms; CPU ${figures.cpuMsPerRelease} ms`);
    await writeBenchResults("release-writes", { settings, results });
  } finally {
    await db.close();
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
