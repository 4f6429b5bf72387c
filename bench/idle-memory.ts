// Resident memory of an idle `printvakt serve` on a fresh data directory, 10 s after it started
// listening (as `ps` or systemd would report it); writes bench/results/idle-memory.json. The bin is
// run directly, as an operator runs it, so the V8 flags in its shebang apply.
//
//   npm run bench:idle-memory             # 3 rounds
//   npm run bench:idle-memory -- --rounds 5
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const roundsIndex = process.argv.indexOf("--rounds");
const rounds = roundsIndex >= 0 ? Number(process.argv[roundsIndex + 1]) : 3;
const IDLE_MS = 10_000;
const kiB = (status: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
const MiB = (kib: number) => Number((kib / 1024).toFixed(1));

const samples = [];
for (let round = 0; round < rounds; round++) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "pv-idle-"));
  const server = spawn(path.join(here, "..", "bin", "printvakt.js"), ["serve"], {
    env: { ...process.env, PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false", PRINTVAKT_LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    // Listening once it logs so: from then on nothing runs but the retention tick.
    await new Promise<void>((resolve, reject) => {
      let output = "";
      server.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (/listening/i.test(output)) resolve();
      });
      server.once("exit", (code) => reject(new Error(`printvakt serve exited with ${code} before listening:\n${output}`)));
    });
    await sleep(IDLE_MS);
    const status = await readFile(`/proc/${server.pid}/status`, "utf8");
    samples.push({ rssMiB: MiB(kiB(status, "VmRSS")), anonymousMiB: MiB(kiB(status, "RssAnon")), fileMappedMiB: MiB(kiB(status, "RssFile")), peakMiB: MiB(kiB(status, "VmHWM")), loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))) });
    const sample = samples.at(-1)!;
    console.log(`round ${round + 1}: RSS ${sample.rssMiB} MiB (anonymous ${sample.anonymousMiB}, file-mapped ${sample.fileMappedMiB}), peak ${sample.peakMiB} MiB, load ${sample.loadAverage.join(" ")}`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => (server.exitCode === null ? server.once("exit", resolve) : resolve(undefined)));
    await rm(dataDir, { recursive: true, force: true });
  }
}
const resultsDir = path.join(here, "results");
await mkdir(resultsDir, { recursive: true });
await writeFile(path.join(resultsDir, "idle-memory.json"), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, idleMs: IDLE_MS, aimMiB: 120, samples }, null, 2)}\n`);
console.log(`written to ${path.join(resultsDir, "idle-memory.json")}`);
