// Where a benchmark's figures go: bench/results/NAME.json, with the machine it ran on.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The date, Node version, CPU count and load average every results file starts with. */
export function machine(): { date: string; node: string; cpus: number; loadAverage: number[] } {
  return { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))) };
}

export async function writeResults(name: string, report: object): Promise<void> {
  const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
  await mkdir(resultsDir, { recursive: true });
  await writeFile(path.join(resultsDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to ${path.join(resultsDir, `${name}.json`)}`);
}
