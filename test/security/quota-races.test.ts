// Quotas hold in parallel and across Create-Job + Send-Document, and the whole spool has a cap
// (security review M3, reliability review D9). Replays the reviews' attacks against a started
// server: parallel Print-Jobs racing the job and byte quotas, Create-Jobs whose Send-Documents
// together exceed the byte quota, and a spool filled by several people.
import { afterEach, describe, expect, test } from "vitest";
import { LIVE_STATES } from "../../server/jobs/job-states.js";
import { listJobsOfOwner } from "../../server/store/jobs.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { PDF_START } from "../support/generated-document.js";
import { cancelJob, createJob, printJob, sendDocument } from "../support/print-requests.js";
import { spoolFiles, withDatabase } from "../support/printvakt-data.js";

const KiB = 1024;

const running: InProcessServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

/** Every racer comes from 127.0.0.1: the per-address upload limit must not be what refuses them. */
async function start(env: Record<string, string>): Promise<InProcessServer> {
  const server = await startInProcessServer({ PRINTVAKT_MAX_UPLOADS_PER_ADDRESS: "64", ...env });
  running.push(server);
  return server;
}

/** A document the server takes as PDF, exactly `bytes` long. */
function pdfOf(bytes: number): Buffer {
  return Buffer.concat([PDF_START, Buffer.alloc(bytes - PDF_START.length, 0x20)]);
}

async function liveJobsOf(server: InProcessServer, owner: string) {
  return withDatabase(server.dataDir, (db) => listJobsOfOwner(db, owner, LIVE_STATES));
}

function tally(statuses: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe("quotas under concurrency", () => {
  test("20 Print-Jobs of one person at once against a quota of 5 jobs: 5 are held, 15 refused, 5 spool files", async () => {
    const server = await start({ PRINTVAKT_QUOTA_JOBS: "5" });
    const document = pdfOf(2 * KiB);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => printJob(server.port, { user: "qbuser", title: `Kapplöpning ${index}`, document })));
    expect(tally(answers.map((answer) => answer.status))).toEqual({ "successful-ok": 5, "client-error-not-possible": 15 });
    expect(await liveJobsOf(server, "qbuser")).toHaveLength(5);
    // A refused document's spool file goes with it.
    expect((await spoolFiles(server.dataDir)).filter((file) => file.endsWith(".pvs"))).toHaveLength(5);
  });

  test("8 Print-Jobs of 50 KiB at once against a quota of 200 KiB: exactly 4 are held", async () => {
    const server = await start({ PRINTVAKT_QUOTA_BYTES: "200KiB" });
    const document = pdfOf(50 * KiB);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, index) => printJob(server.port, { user: "qbuser", title: `Bytes ${index}`, document })));
    expect(tally(answers.map((answer) => answer.status))).toEqual({ "successful-ok": 4, "client-error-request-entity-too-large": 4 });
    const held = await liveJobsOf(server, "qbuser");
    expect(held.reduce((sum, job) => sum + job.sizeBytes, 0)).toBe(200 * KiB);
  });

  test("the review's bypass: 8 Create-Jobs at once, then 100 KiB to each accepted job, against 3 jobs and 200 KiB", async () => {
    const server = await start({ PRINTVAKT_QUOTA_JOBS: "3", PRINTVAKT_QUOTA_BYTES: "200KiB", PRINTVAKT_MAX_JOB_SIZE: "100KiB" });
    const created = await Promise.all(Array.from({ length: 8 }, (_, index) => createJob(server.port, { user: "qbuser", title: `Skapad ${index}` })));
    expect(tally(created.map((answer) => answer.status))).toEqual({ "successful-ok": 3, "client-error-not-possible": 5 });
    const jobIds = created.filter((answer) => answer.status === "successful-ok").map((answer) => answer.jobId!);

    // All three documents at once: each passes the check before its upload, only two fit.
    const sent = await Promise.all(jobIds.map((jobId) => sendDocument(server.port, { user: "qbuser", jobId, document: pdfOf(100 * KiB) })));
    expect(tally(sent.map((answer) => answer.status))).toEqual({ "successful-ok": 2, "client-error-request-entity-too-large": 1 });
    const held = (await liveJobsOf(server, "qbuser")).filter((job) => job.state === "held");
    expect(held).toHaveLength(2);
    expect(held.reduce((sum, job) => sum + job.sizeBytes, 0)).toBe(200 * KiB);

    // And one after the other: the job that has no document yet cannot get one now.
    const waiting = jobIds.find((jobId) => !held.some((job) => job.id === jobId))!;
    expect((await sendDocument(server.port, { user: "qbuser", jobId: waiting, document: pdfOf(10 * KiB) })).status).toBe("client-error-request-entity-too-large");
    expect((await spoolFiles(server.dataDir)).filter((file) => file.endsWith(".pvs"))).toHaveLength(2);
  });
});

describe("the spool-wide cap (PRINTVAKT_SPOOL_MAX)", () => {
  test("once the spool holds its cap, anyone's next job is refused with server-error-busy, and accepted again after a job is gone", async () => {
    const server = await start({ PRINTVAKT_SPOOL_MAX: "250KiB" });
    const people = ["anna", "bertil", "cecilia", "david", "erik"];
    const answers = await Promise.all(people.map((user) => printJob(server.port, { user, title: "Fyller spoolen", document: pdfOf(100 * KiB) })));
    expect(tally(answers.map((answer) => answer.status))).toEqual({ "successful-ok": 2, "server-error-busy": 3 });
    const small = await printJob(server.port, { user: "fredrik", title: "Liten", document: pdfOf(40 * KiB) });
    expect(small.status).toBe("successful-ok");
    expect((await printJob(server.port, { user: "fredrik", title: "En till", document: pdfOf(20 * KiB) })).status).toBe("server-error-busy");
    expect((await spoolFiles(server.dataDir)).filter((file) => file.endsWith(".pvs"))).toHaveLength(3);

    const index = answers.findIndex((answer) => answer.status === "successful-ok");
    expect((await cancelJob(server.port, { user: people[index]!, jobId: answers[index]!.jobId! })).status).toBe("successful-ok");
    expect((await printJob(server.port, { user: "fredrik", title: "En till", document: pdfOf(20 * KiB) })).status).toBe("successful-ok");
  });
});
