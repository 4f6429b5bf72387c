// Measures the retention tick's orphan sweep with many held jobs: how long the event loop stands
// still while it runs, its CPU time, and that it removes exactly the orphans; writes
// bench/results/retention-tick.json.
//
//   npm run bench:retention                           # 100,000 held jobs, seeded in a fresh directory (~2 min)
//   npm run bench:retention -- --keep /tmp/pv-ret     # seed once into /tmp/pv-ret and reuse it on later runs
//   npm run bench:retention -- --jobs 10000 --people 500
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { openAppContext } from "../server/app-context.js";
import { loadConfig } from "../server/config.js";
import { sweepOrphanedSpoolFiles } from "../server/retention/orphan-sweep.js";
import { SpoolStore } from "../server/spool/spool-store.js";
import { seedHeldJobs } from "./release-seed.js";
import { option } from "./options.js";
import { onDatabaseFile } from "../test/support/database-rows.js";

const keepIndex = process.argv.indexOf("--keep");
const settings = {
  jobs: option("jobs", 100_000),
  people: option("people", 5_000),
  orphans: option("orphans", 200),
  rounds: option("rounds", 3),
  keepDir: keepIndex >= 0 ? process.argv[keepIndex + 1] : undefined,
};
/** As the tick: files younger than 15 minutes are never orphans yet. */
const ORPHAN_MIN_AGE_MS = 15 * 60_000;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

const dataDir = settings.keepDir ?? (await mkdtemp(path.join(os.tmpdir(), "pv-retention-bench-")));
const seededMarker = path.join(dataDir, "bench-seeded.json");
const config = loadConfig({ PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false" });

let seedMs: number | null = null;
if (!existsSync(seededMarker)) {
  const context = await openAppContext(config);
  try {
    const started = performance.now();
    await seedHeldJobs(context, {
      people: settings.people,
      jobs: settings.jobs,
      heavyEvery: 50,
      heavyJobs: 100,
      releaseTargets: [],
      document: randomBytes(4096),
      documentFormat: "application/pdf",
      batchSize: 2_000,
      random: Math.random,
    });
    seedMs = performance.now() - started;
    await writeFile(seededMarker, JSON.stringify({ jobs: settings.jobs, people: settings.people }));
  } finally {
    await context.close();
  }
}

const context = await openAppContext(config);
const rounds = [];
const spool = await SpoolStore.open(context.spoolDir);
try {
  const [{ count: heldJobs }] = (await onDatabaseFile(dataDir, 'SELECT COUNT(*) AS "count" FROM "Job" WHERE "wrappedKey" IS NOT NULL AND "spoolId" IS NOT NULL')) as [{ count: number }];
  for (let index = 0; index < settings.rounds; index++) {
    // Orphans: complete spool files an hour old that no job names; and as many fresh ones, which must stay.
    const oldOrphans = Array.from({ length: settings.orphans }, () => randomBytes(16).toString("hex"));
    const freshOrphans = Array.from({ length: settings.orphans }, () => randomBytes(16).toString("hex"));
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const spoolId of oldOrphans) {
      const file = path.join(context.spoolDir, `${spoolId}.pvs`);
      await writeFile(file, "x");
      await utimes(file, anHourAgo, anHourAgo);
    }
    for (const spoolId of freshOrphans) await writeFile(path.join(context.spoolDir, `${spoolId}.pvs`), "x");

    const delay = monitorEventLoopDelay({ resolution: 1 });
    let last = performance.now();
    let longestGap = 0;
    // CPU time of the process (all threads) during the longest gap: on a loaded machine a gap is
    // also time the scheduler gave to other processes, which this tells apart.
    let lastCpu = process.cpuUsage();
    let cpuInLongestGap = 0;
    const ticker = setInterval(() => {
      const at = performance.now();
      const cpuNow = process.cpuUsage();
      if (at - last > longestGap) {
        longestGap = at - last;
        cpuInLongestGap = (cpuNow.user - lastCpu.user + cpuNow.system - lastCpu.system) / 1000;
      }
      last = at;
      lastCpu = cpuNow;
    }, 1);
    delay.enable();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const removed = await sweepOrphanedSpoolFiles(context, spool, ORPHAN_MIN_AGE_MS);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    await new Promise((resolve) => setTimeout(resolve, 5));
    delay.disable();
    clearInterval(ticker);

    const expected = new Set(oldOrphans.map((spoolId) => `${spoolId}.pvs`));
    const exact = removed.length === expected.size && removed.every((name) => expected.has(name));
    const left = (await readdir(context.spoolDir)).filter((name) => name.endsWith(".pvs")).length;
    for (const spoolId of freshOrphans) await rm(path.join(context.spoolDir, `${spoolId}.pvs`));
    rounds.push({
      wallMs: round(wallMs),
      cpuMs: round((cpu.user + cpu.system) / 1000),
      loopBlockedMaxMs: round(longestGap),
      cpuMsInLongestBlock: round(cpuInLongestGap),
      eventLoopDelayMaxMs: round(delay.max / 1e6),
      eventLoopDelayP99Ms: round(delay.percentile(99) / 1e6),
      removed: removed.length,
      removedExactlyTheOldOrphans: exact,
      spoolFilesLeft: left,
      spoolFilesExpectedLeft: heldJobs + freshOrphans.length,
      loadAverage: os.loadavg().map((value) => round(value, 2)),
    });
    const row = rounds.at(-1)!;
    console.log(
      `round ${index + 1}: ${row.wallMs} ms wall, ${row.cpuMs} ms CPU, event loop blocked up to ${row.loopBlockedMaxMs} ms (${row.cpuMsInLongestBlock} ms CPU in it) ` +
        `(monitorEventLoopDelay max ${row.eventLoopDelayMaxMs} ms), removed ${row.removed}/${settings.orphans} (exact: ${exact}), ` +
        `files left ${left}/${row.spoolFilesExpectedLeft}, load ${row.loadAverage.join(" ")}`,
    );
  }
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    heldJobs,
    orphansPerRound: settings.orphans,
    seedMs: seedMs === null ? null : Math.round(seedMs),
    aim: { loopBlockedMaxMs: 20 },
    rounds,
  };
  const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
  await mkdir(resultsDir, { recursive: true });
  await writeFile(path.join(resultsDir, "retention-tick.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to ${path.join(resultsDir, "retention-tick.json")}`);
} finally {
  await spool.close();
  await context.close();
  if (settings.keepDir === undefined) await rm(dataDir, { recursive: true, force: true });
}
