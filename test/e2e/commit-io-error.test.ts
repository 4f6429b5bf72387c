// A disk whose fsync of the write-ahead log fails while a job is recorded (failure review of the
// database threads, suspicion 1). SQLite reports the COMMIT as failed, but its frames are in the
// log and the job is there again at the next start. The server must not have removed the job's
// document meanwhile: it keeps it, stops for its supervisor, and the next start finds every live
// job with its document and every document with its job.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { buildFailingWalSync } from "../support/failing-wal-sync.js";
import { makePdf } from "../support/pdf.js";
import { createJob, printJob, sendDocument } from "../support/print-requests.js";
import { rawDatabase, spoolFiles } from "../support/printvakt-data.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";

const started: ServerProcess[] = [];
let workDir: string | undefined;
afterAll(async () => {
  for (const server of started) await server.stop("SIGKILL");
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Live jobs (those that still hold a key) and the spool file each names. */
async function liveJobs(dataDir: string): Promise<{ id: number; state: string; spoolId: string | null }[]> {
  const raw = rawDatabase(dataDir);
  try {
    const result = await raw.execute('SELECT "id", "state", "spoolId" FROM "Job" WHERE "wrappedKey" IS NOT NULL ORDER BY "id"');
    return result.rows.map((row) => ({ id: Number(row.id), state: String(row.state), spoolId: row.spoolId === null ? null : String(row.spoolId) }));
  } finally {
    raw.close();
  }
}

/** Resolves true once the process has ended, false when it is still running after `ms` (then the test fails anyway). */
function endsWithin(server: ServerProcess, ms: number): Promise<boolean> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    server.child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** The answer a request got, or the error it met: the server may end before it answers (the outcome is unknown to it too). */
type Outcome = Awaited<ReturnType<typeof printJob>> | unknown;

/**
 * Starts a server on a disk whose WAL fsync fails once `flag` exists; `before` runs on a sound
 * disk, `during` after the flag is set. Then starts the server again on a sound disk, stops it, and
 * returns what the data directory holds and whether the first server ended by itself.
 */
async function failingCommit(before: (port: number) => Promise<void>, during: (port: number) => Promise<Outcome>) {
  workDir = await mkdtemp(path.join(tmpdir(), "printvakt-commit-io-"));
  const dataDir = path.join(workDir, "data");
  const flag = path.join(workDir, "disk-fails");
  const failing = await buildFailingWalSync(flag);
  const first = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: dataDir, ...failing.env });
  started.push(first);
  await before(first.port);
  await writeFile(flag, "");
  const answer = await during(first.port).catch((error: unknown) => error);
  // A server that goes on after a failed fsync would be killed here, as a crash would end it.
  const endedByItself = await endsWithin(first, 30_000);
  await first.stop("SIGKILL");
  await failing.remove();

  const second = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: dataDir });
  started.push(second);
  expect((await second.stop("SIGTERM")).code).toBe(0);
  const jobs = await liveJobs(dataDir);
  const files = (await spoolFiles(dataDir)).filter((name) => name.endsWith(".pvs"));
  await rm(workDir, { recursive: true, force: true });
  return { answer, endedByItself, jobs, files };
}

test("a COMMIT whose fsync fails keeps the job's document, ends the server, and the next start finds every job with its document", async () => {
  const { answer, endedByItself, jobs, files } = await failingCommit(
    async (port) => {
      expect((await printJob(port, { user: "anna", title: "before", document: makePdf({ text: "before the disk failed" }) })).status).toBe("successful-ok");
    },
    (port) => printJob(port, { user: "bertil", title: "during", document: makePdf({ text: "while the disk failed" }) }),
  );
  expect(answer, "the job whose commit failed was not reported as accepted").not.toMatchObject({ status: "successful-ok" });
  expect(jobs.length, "the first job, and the second: its commit reached the log").toBe(2);
  for (const job of jobs) expect(files, `held job ${job.id} has its document`).toContain(`${job.spoolId}.pvs`);
  expect(files.sort(), "and no document without its job").toEqual(jobs.map((job) => `${job.spoolId}.pvs`).sort());
  expect(jobs.map((job) => job.state)).toEqual(jobs.map(() => "held"));
  expect(endedByItself, "the server stopped by itself after the failed commit, for its supervisor to start it again").toBe(true);
});

test("Send-Document whose COMMIT's fsync fails keeps the document it stored for the job, and the next start finds the job with it", async () => {
  let jobId: number | undefined;
  const { answer, endedByItself, jobs, files } = await failingCommit(
    async (port) => {
      jobId = (await createJob(port, { user: "cecilia", title: "in two steps" })).jobId;
      expect(jobId).toBeDefined();
    },
    (port) => sendDocument(port, { user: "cecilia", jobId: jobId!, document: makePdf({ text: "sent while the disk failed" }) }),
  );
  expect(answer).not.toMatchObject({ status: "successful-ok" });
  expect(jobs.map((job) => [job.id, job.state]), "its commit reached the log: the job is held").toEqual([[jobId, "held"]]);
  expect(files, "with its document").toEqual([`${jobs[0]!.spoolId}.pvs`]);
  expect(endedByItself, "the server stopped by itself").toBe(true);
});
