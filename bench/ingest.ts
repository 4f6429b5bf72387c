// Measures document ingest side by side: the same Print-Job, body streamed, into Printvakt (held,
// encrypted, fsynced) and into a cupsd held queue; writes bench/results/ingest.json.
//
// Run: npm run bench:ingest   (npx tsx bench/ingest.ts [--sizes 1MB,100MB,1GB] [--rounds 20,3,2] [--profile] [--threads])
// --profile: the server runs with --cpu-prof; the summary (by category and function, of the
// measured rounds only) goes into the results. --threads: the server's CPU time during the measured
// rounds per thread (main, database threads, libuv's pool, V8's helpers), to see which one is busy.
// Needs `npm run build` first (Printvakt runs from dist/ as the system tests start it), root and
// cupsd (test/support/cupsd.ts starts a private one). Prints figures and writes them; it never
// asserts timings.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { summarizeProfile, type CpuProfile } from "./cpu-profile.js";
import { durabilityFloorSeconds } from "./durability-floor.js";
import { printJobHeader } from "./print-job-request.js";
import { statusName } from "../core/ipp/codec/status.js";
import { startCupsd } from "../test/support/cupsd.js";
import { generatedDocument, withHeader } from "../test/support/generated-document.js";
import { decodeIppAnswer, postIpp } from "../test/support/ipp-http.js";
import { readMemory, sampleMemory } from "../test/support/process-memory.js";
import { startPrintvaktServer } from "../test/support/printvakt-server.js";
import { requireTool } from "../test/support/tools.js";

const MB = 1_000_000;
const MiB = 1024 * 1024;
// USER_HZ: 100 on every Linux architecture Node runs on (getconf CLK_TCK).
const CLOCK_TICKS_PER_SECOND = 100;

const { values: options } = parseArgs({
  options: {
    sizes: { type: "string", default: "1MB,100MB,1GB" },
    rounds: { type: "string", default: "20,3,2" },
    profile: { type: "boolean", default: false },
    threads: { type: "boolean", default: false },
  },
});

function parseSize(text: string): number {
  const match = /^(\d+)(MB|GB)$/.exec(text.trim());
  if (!match) throw new Error(`--sizes takes sizes like 1MB or 1GB, got "${text}"`);
  return Number(match[1]) * (match[2] === "GB" ? 1000 * MB : MB);
}
const sizes = options.sizes.split(",").map(parseSize);
const rounds = options.rounds.split(",").map(Number);
if (rounds.length !== sizes.length || rounds.some((count) => !Number.isInteger(count) || count < 1)) throw new Error("--rounds needs one positive count per size");

interface Target {
  label: "printvakt" | "cupsd";
  port: number;
  path: string;
  printerUri: string;
  pid: number;
}

let submissions = 0;

/** One Print-Job with a generated PDF of `bytes`; returns the seconds from first octet to answer. */
async function submit(target: Target, bytes: number): Promise<number> {
  submissions += 1;
  // A person per submission: Printvakt's per-person quota must not be what is measured.
  const header = printJobHeader({ requestId: submissions, printerUri: target.printerUri, user: `bench${submissions}`, jobName: `ingest ${bytes / MB} MB` });
  const start = performance.now();
  const answer = await postIpp({ port: target.port, path: target.path }, withHeader(header, generatedDocument(bytes)));
  const seconds = (performance.now() - start) / 1000;
  const status = answer.status === 200 ? decodeIppAnswer(answer.body).code : -1;
  if (status < 0 || status > 0xff) throw new Error(`${target.label} refused a ${bytes} byte job: HTTP ${answer.status}, IPP ${statusName(status) ?? status}`);
  return seconds;
}

/** CPU seconds (user + system, all threads) the process has used so far, from /proc/PID/stat. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** CPU ticks (user + system) of each thread of a process, by thread id, with the thread's name. */
async function threadTicks(pid: number): Promise<Map<string, { name: string; ticks: number }>> {
  const threads = new Map<string, { name: string; ticks: number }>();
  for (const task of await readdir(`/proc/${pid}/task`)) {
    const stat = await readFile(`/proc/${pid}/task/${task}/stat`, "utf8").catch(() => undefined);
    if (stat === undefined) continue; // the thread ended meanwhile
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    threads.set(task, { name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  return threads;
}

/** Prints the CPU seconds each thread used between two readings; the main thread's id is the process id. */
function printThreadSeconds(pid: number, before: Map<string, { name: string; ticks: number }>, after: Map<string, { name: string; ticks: number }>): void {
  const rows = [...after].map(([task, thread]) => ({ task, name: task === String(pid) ? "main" : thread.name, seconds: (thread.ticks - (before.get(task)?.ticks ?? 0)) / CLOCK_TICKS_PER_SECOND }));
  console.log("printvakt CPU seconds by thread during the measured rounds:");
  for (const row of rows.filter((entry) => entry.seconds > 0).sort((left, right) => right.seconds - left.seconds)) console.log(`  ${row.seconds.toFixed(2).padStart(6)} s  ${row.name} (${row.task})`);
}

/** cupsd's process id, found by its configuration path (test/support/cupsd.ts does not expose it). */
async function pidOfCupsd(serverRoot: string): Promise<number> {
  const cupsdProgram = requireTool("cupsd");
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (commandLine.startsWith(`${cupsdProgram}\0`) && commandLine.includes(path.join(serverRoot, "cupsd.conf"))) return Number(entry);
  }
  throw new Error("cannot find the cupsd process");
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const dataDir = await mkdtemp(path.join(os.tmpdir(), "printvakt-bench-ingest-"));
// Beside the data directory, on the same file system: where the floor's syncs are timed.
const floorDir = await mkdtemp(path.join(os.tmpdir(), "printvakt-bench-floor-"));
const profileDir = options.profile ? await mkdtemp(path.join(os.tmpdir(), "printvakt-bench-profile-")) : undefined;
const printvakt = await startPrintvaktServer({
  PRINTVAKT_DATA_DIR: dataDir,
  PRINTVAKT_QUOTA_JOBS: "1000",
}, { nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--cpu-prof-interval=200"] : [] });
/** The monotonic clock in µs, as V8 stamps profile samples. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const measured = { fromUs: 0, toUs: 0 };
const cupsd = await startCupsd();
try {
  await cupsd.addHeldQueue("bench", "socket://127.0.0.1:9");
  const targets: Target[] = [
    { label: "printvakt", port: printvakt.port, path: "/ipp/print", printerUri: `ipp://127.0.0.1:${printvakt.port}/ipp/print`, pid: printvakt.child.pid! },
    { label: "cupsd", port: cupsd.port, path: "/printers/bench", printerUri: cupsd.printerUri("bench"), pid: await pidOfCupsd(cupsd.serverRoot) },
  ];
  const baseline = Object.fromEntries(targets.map((target) => [target.label, readMemory(target.pid)]));
  const peakRss: Record<string, number> = Object.fromEntries(targets.map((target) => [target.label, baseline[target.label]!.rssBytes]));
  // Warm-up: one small job each, so neither side pays its first-request costs inside a measurement.
  for (const target of targets) await submit(target, MB);

  const results = [];
  const threadsBefore = options.threads ? await threadTicks(printvakt.child.pid!) : undefined;
  measured.fromUs = monotonicUs();
  for (const [index, bytes] of sizes.entries()) {
    const seconds: Record<string, number[]> = { printvakt: [], cupsd: [] };
    const cpu: Record<string, number> = { printvakt: 0, cupsd: 0 };
    const floorSeconds: number[] = [];
    for (let round = 0; round < rounds[index]!; round += 1) {
      floorSeconds.push(await durabilityFloorSeconds(floorDir, bytes));
      // Alternate which server goes first, so a trend in the machine's load hits both alike.
      for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
        const memory = sampleMemory(target.pid);
        const cpuBefore = await cpuSeconds(target.pid);
        seconds[target.label]!.push(await submit(target, bytes));
        cpu[target.label]! += (await cpuSeconds(target.pid)) - cpuBefore;
        peakRss[target.label] = Math.max(peakRss[target.label]!, memory.stop().peakRssBytes);
      }
    }
    const rate = (label: string) => Number((bytes / MB / median(seconds[label]!)).toFixed(1));
    // CPU per GB holds still on a busy machine, where wall-clock rates do not.
    // What cupsd would take if it kept the promise Printvakt keeps (durability-floor.ts).
    const floor = median(floorSeconds);
    const cupsdWithFloorMBps = Number((bytes / MB / (median(seconds.cupsd!) + floor)).toFixed(1));
    const cpuPerGB = (label: string) => Number(((cpu[label]! / (rounds[index]! * bytes)) * 1000 * MB).toFixed(2));
    const row = {
      sizeMB: bytes / MB,
      rounds: rounds[index]!,
      printvaktMBps: rate("printvakt"),
      cupsdMBps: rate("cupsd"),
      ratio: Number((rate("printvakt") / rate("cupsd")).toFixed(2)),
      durabilityFloorMs: Number((floor * 1000).toFixed(2)),
      cupsdWithFloorMBps,
      ratioToCupsdWithFloor: Number((rate("printvakt") / cupsdWithFloorMBps).toFixed(2)),
      printvaktCpuSecondsPerGB: cpuPerGB("printvakt"),
      cupsdCpuSecondsPerGB: cpuPerGB("cupsd"),
      printvaktSeconds: seconds.printvakt!.map((value) => Number(value.toFixed(3))),
      cupsdSeconds: seconds.cupsd!.map((value) => Number(value.toFixed(3))),
    };
    results.push(row);
    console.log(
      `${String(row.sizeMB).padStart(5)} MB  printvakt ${String(row.printvaktMBps).padStart(7)} MB/s   cupsd ${String(row.cupsdMBps).padStart(7)} MB/s   ratio ${row.ratio}  ` +
        `(median of ${row.rounds}; CPU s/GB printvakt ${row.printvaktCpuSecondsPerGB}, cupsd ${row.cupsdCpuSecondsPerGB})`,
    );
    console.log(
      `         durability floor ${row.durabilityFloorMs} ms (fsync, rename, directory fsync, log append + fdatasync); ` +
        `cupsd + floor ${row.cupsdWithFloorMBps} MB/s, ratio ${row.ratioToCupsdWithFloor}`,
    );
  }
  measured.toUs = monotonicUs();
  if (threadsBefore) printThreadSeconds(printvakt.child.pid!, threadsBefore, await threadTicks(printvakt.child.pid!));
  const profile = profileDir ? await serverProfile(profileDir) : undefined;
  const memory = Object.fromEntries(
    targets.map((target) => [target.label, { baselineRssMiB: Number((baseline[target.label]!.rssBytes / MiB).toFixed(1)), peakRssMiB: Number((peakRss[target.label]! / MiB).toFixed(1)) }]),
  );
  for (const [label, figures] of Object.entries(memory)) console.log(`${label.padEnd(9)} RSS ${figures.baselineRssMiB} MiB before, peak ${figures.peakRssMiB} MiB while ingesting`);
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
    method: "Print-Job over loopback HTTP, body streamed with chunked transfer from a generated PDF; time from first octet to the IPP answer; median of rounds",
    notes: "Printvakt encrypts (AES-256-GCM) and fsyncs file, directory and database log before answering; cupsd answers without syncing its spool document (SyncOnClose covers only its configuration files). durabilityFloorMs: those syncs alone on this disk (bench/durability-floor.ts); cupsdWithFloorMBps: cupsd's median time plus that floor.",
    results,
    memory,
    ...(profile ? { profile } : {}),
  };
  const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
  await mkdir(resultsDir, { recursive: true });
  await writeFile(path.join(resultsDir, "ingest.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to ${path.join(resultsDir, "ingest.json")}`);
} finally {
  await cupsd.stop();
  await printvakt.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(floorDir, { recursive: true, force: true });
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
}

/** Stops the server (V8 writes its --cpu-prof file at exit) and summarises the measured rounds. */
async function serverProfile(directory: string) {
  await printvakt.stop();
  const [file] = (await readdir(directory)).filter((name) => name.endsWith(".cpuprofile"));
  if (file === undefined) throw new Error(`the server wrote no CPU profile into ${directory}`);
  const summary = summarizeProfile(JSON.parse(await readFile(path.join(directory, file), "utf8")) as CpuProfile, measured);
  console.log(`server CPU profile of the measured rounds: ${summary.totalMs} ms`);
  for (const category of summary.categories) console.log(`  ${String(category.percent).padStart(5)} %  ${category.ms} ms  ${category.name}`);
  for (const entry of summary.topFunctions.slice(0, 15)) console.log(`  ${String(entry.percent).padStart(5)} %  ${entry.name}`);
  return summary;
}
