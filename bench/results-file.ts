// Where each benchmark leaves its figures: bench/results/NAME.json, with the machine it ran on.
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Writes the report with date, Node version, CPU count and load average first; returns the file. */
export async function writeBenchResults(name: string, report: Record<string, unknown>): Promise<string> {
  const machine = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))) };
  const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  await writeFile(file, `${JSON.stringify({ ...machine, ...report }, null, 2)}\n`);
  return file;
}
