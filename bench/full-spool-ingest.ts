// Print-Jobs into a server that already holds 100,000 jobs: what a submission costs once the spool
// is full, which bench/ingest.ts (a fresh server each time) cannot show. Each submission reads the
// spool's usage twice, once inside the recording transaction that holds the write lock.
//
// Run: npm run bench:retention -- --keep /tmp/pv-ret      (seeds 100,000 held jobs once)
//      npx tsx bench/full-spool-ingest.ts /tmp/pv-ret     (needs `npm run build`)
// The kept folder is copied first, so it can be reused. 20 KB PDFs from people holding fewer than
// 50 jobs (so no quota refuses them): 5 warm-up, 60 one after another, then 40 at once. The upload
// limits per address are raised for the run: all 40 come from 127.0.0.1, and the default (4 at once
// per address) would turn most of them away, which is that limit at work, not a cost. Prints the
// figures and writes bench/results/full-spool-ingest.json; it never asserts timings.
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generatedDocument, withHeader } from "../test/support/generated-document.js";
import { decodeIppAnswer, postIpp } from "../test/support/ipp-http.js";
import { startPrintvaktServer } from "../test/support/printvakt-server.js";
import { printJobHeader } from "./print-job-request.js";
import { writeBenchResults } from "./results-file.js";

const kept = process.argv[2];
if (kept === undefined) throw new Error("usage: npx tsx bench/full-spool-ingest.ts DIR (a folder kept by npm run bench:retention -- --keep DIR)");
const DOCUMENT_BYTES = 20_000;

const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), "pv-full-spool-")), "data");
await cp(kept, dataDir, { recursive: true });
await rm(path.join(dataDir, "serve.lock"), { force: true });
const heldJobs = Number(execFileSync("sqlite3", [path.join(dataDir, "printvakt.db"), `SELECT COUNT(*) FROM "Job" WHERE "state" = 'held'`], { encoding: "utf8" }).trim());
const people = execFileSync("sqlite3", [path.join(dataDir, "printvakt.db"), `SELECT "ownerName" FROM "Job" GROUP BY "ownerName" HAVING COUNT(*) < 50 LIMIT 200`], { encoding: "utf8" }).trim().split("\n");

let submitted = 0;
async function submit(port: number): Promise<number> {
  submitted += 1;
  const header = printJobHeader({ requestId: submitted, printerUri: `ipp://127.0.0.1:${port}/ipp/print`, user: people[submitted % people.length]!, jobName: "full spool" });
  const start = performance.now();
  const answer = await postIpp({ port, path: "/ipp/print" }, withHeader(header, generatedDocument(DOCUMENT_BYTES)));
  const ms = performance.now() - start;
  const code = answer.status === 200 ? decodeIppAnswer(answer.body).code : -1;
  if (code < 0 || code > 0xff) throw new Error(`a Print-Job was refused: HTTP ${answer.status}, IPP 0x${code.toString(16)}`);
  return ms;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(1));
};

const server = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_MAX_UPLOADS_PER_ADDRESS: "40", PRINTVAKT_MAX_UPLOADS: "64" });
try {
  for (let i = 0; i < 5; i++) await submit(server.port);
  const oneAtATime: number[] = [];
  for (let i = 0; i < 60; i++) oneAtATime.push(await submit(server.port));
  const burstStart = performance.now();
  const atOnce = await Promise.all(Array.from({ length: 40 }, () => submit(server.port)));
  const burstMs = performance.now() - burstStart;
  const report = {
    heldJobs,
    documentBytes: DOCUMENT_BYTES,
    oneAtATime: { count: oneAtATime.length, p50Ms: percentile(oneAtATime, 0.5), p90Ms: percentile(oneAtATime, 0.9) },
    atOnce: { count: atOnce.length, allAnsweredMs: Number(burstMs.toFixed(0)), p50Ms: percentile(atOnce, 0.5), p90Ms: percentile(atOnce, 0.9) },
  };
  console.log(`${heldJobs} held jobs, ${DOCUMENT_BYTES / 1000} KB Print-Jobs`);
  console.log(`  one at a time (60): p50 ${report.oneAtATime.p50Ms} ms, p90 ${report.oneAtATime.p90Ms} ms`);
  console.log(`  40 at once: all answered in ${report.atOnce.allAnsweredMs} ms, p50 ${report.atOnce.p50Ms} ms, p90 ${report.atOnce.p90Ms} ms`);
  console.log(`written to ${await writeBenchResults("full-spool-ingest", report)}`);
} finally {
  await server.stop();
  await rm(path.dirname(dataDir), { recursive: true, force: true });
}
