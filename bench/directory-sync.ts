// How long and how much memory a directory sync of 2,000 people takes, against a real slapd over
// LDAPS (paged search); writes bench/results/directory-sync.json. Measures only, asserts nothing.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openAppContext } from "../server/app-context.js";
import { loadConfig } from "../server/config.js";
import { directoryEnv, syncNow } from "../test/support/directory-env.js";
import { PEOPLE_DN, personLdif, startSlapd } from "../test/support/slapd.js";

const PEOPLE = Number(process.argv.find((arg) => arg.startsWith("--people="))?.slice(9) ?? 2_000);
const MiB = 1024 * 1024;

const people = Array.from({ length: PEOPLE }, (_, index) => personLdif({ uid: `staff${index}`, cn: `Staff Member ${index}`, mail: `staff${index}@example.org`, pager: [String(100_000 + index)], employeeNumber: String(900_000 + index) }));
const slapd = await startSlapd(people);
const dataDir = await mkdtemp(path.join(os.tmpdir(), "printvakt-bench-directory-"));
const context = await openAppContext(loadConfig({ ...(await directoryEnv(slapd, { PRINTVAKT_LDAP_REMOVAL_THRESHOLD: "100%" })), PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_LOG_LEVEL: "silent" }));

async function measure(label: string): Promise<{ label: string; seconds: number; peakRssMiB: number; heapUsedMiB: number; added: number; updated: number; disabled: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = process.hrtime.bigint();
  const outcome = await syncNow(context);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const row = { label, seconds: Number(seconds.toFixed(2)), peakRssMiB: Number((peak / MiB).toFixed(1)), heapUsedMiB: Number((process.memoryUsage().heapUsed / MiB).toFixed(1)), added: outcome.plan.add.length, updated: outcome.plan.update.length, disabled: outcome.plan.disable.length };
  console.log(`${label.padEnd(28)} ${row.seconds} s, peak RSS ${row.peakRssMiB} MiB (+${row.added} ~${row.updated} -${row.disabled})`);
  return row;
}

try {
  const baselineRssMiB = Number((process.memoryUsage().rss / MiB).toFixed(1));
  const results = [await measure(`first sync (${PEOPLE} new)`), await measure("second sync (no change)")];
  await slapd.modify(Array.from({ length: 100 }, (_, index) => `dn: uid=staff${index},${PEOPLE_DN}\nchangetype: modify\nreplace: pager\npager: ${500_000 + index}\n`).join("\n"));
  results.push(await measure("third sync (100 card changes)"));
  const report = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))), people: PEOPLE, method: "slapd over LDAPS on loopback, paged search (500 a page), SQLite through Prisma, every change audited", baselineRssMiB, results };
  const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
  await mkdir(resultsDir, { recursive: true });
  await writeFile(path.join(resultsDir, "directory-sync.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to ${path.join(resultsDir, "directory-sync.json")}`);
} finally {
  await context.close();
  await slapd.stop();
  await rm(dataDir, { recursive: true, force: true });
}
