// Retention against the real server process: uncollected jobs are destroyed on the tick and at
// start-up, leave nothing readable in the data directory, and interrupted releases are held again.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterEach, describe, expect, test } from "vitest";
import type { JobRecord } from "../../server/store/jobs.js";
import { makePdf } from "../support/pdf.js";
import { createJob, printJob } from "../support/print-requests.js";
import { allFiles, auditEntries, filesContaining, jobOf, rawDatabase, spoolFiles } from "../support/printvakt-data.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";
import { waitFor } from "../support/processes.js";

const running: ServerProcess[] = [];
async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startPrintvaktServer(env);
  running.push(server);
  return server;
}
afterEach(async () => {
  for (const server of running.splice(0)) {
    await server.stop("SIGKILL");
    await rm(server.dataDir, { recursive: true, force: true });
  }
});

/** A title and a document with a 64-byte marker nobody else could have written. */
function distinctiveJob() {
  const marker = `PV-MARKER-${randomBytes(27).toString("hex")}`;
  expect(Buffer.byteLength(marker)).toBe(64);
  const title = `Utredning Tolvan Tolvansson 19121212-1212 ${randomBytes(6).toString("hex")}`;
  return { marker, title, document: makePdf({ text: `Konfidentiellt\n${marker}` }) };
}

async function submitted(server: ServerProcess, input: { user: string; title: string; document: Buffer }): Promise<number> {
  const answer = await printJob(server.port, input);
  expect(answer.status).toBe("successful-ok");
  return answer.jobId!;
}

function waitForState(dataDir: string, jobId: number, state: string): Promise<JobRecord> {
  return waitFor(async () => {
    const job = await jobOf(dataDir, jobId);
    return job?.state === state ? job : undefined;
  }, { timeoutMs: 20_000, intervalMs: 200, describe: async () => `job ${jobId} never became ${state}: ${JSON.stringify((await jobOf(dataDir, jobId))?.state)}` });
}

describe("retention", () => {
  test("a held job is purged on the tick: audited, key and title gone, its spool file gone, nothing recoverable", async () => {
    // A long hold time, and the one job made expired by hand once its bytes have been looked at:
    // with a short hold time a loaded machine purged the job before the test had read it.
    const server = await start({ PRINTVAKT_HOLD_TIME: "1h", PRINTVAKT_RETENTION_TICK: "1s" });
    const { marker, title, document } = distinctiveJob();
    // The job sits between two others that stay held, as in a real queue: its row is then freed
    // space inside a page that lives on, where SQLite would otherwise leave the old bytes.
    await submitted(server, { user: "anna", ...distinctiveJob() });
    const jobId = await submitted(server, { user: "anna", title, document });
    await submitted(server, { user: "anna", ...distinctiveJob() });
    const raw = rawDatabase(server.dataDir);
    const held = (await jobOf(server.dataDir, jobId))!;
    expect(held.state).toBe("held");
    const wrappedKey = held.wrappedKey!;
    const sealedTitle = held.sealedTitle!;
    expect(await spoolFiles(server.dataDir)).toHaveLength(3);
    // Move the held job's row into the database file proper, where the purge must overwrite it.
    await raw.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    expect(await filesContaining(server.dataDir, wrappedKey)).toEqual(["printvakt.db"]);
    await raw.execute({ sql: 'UPDATE "Job" SET "expiresAt" = ?, "holdDueHeldMs" = 0 WHERE "id" = ?', args: [Date.now() - 1_000, jobId] });
    await raw.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    raw.close();

    const purged = await waitForState(server.dataDir, jobId, "purged");
    // The tick logs this after it has emptied the write-ahead log of the old page versions.
    await waitFor(async () => (server.logs.some((line) => line.msg === "purged expired jobs") ? true : undefined), { timeoutMs: 10_000, describe: () => "no purge logged" });
    expect(purged.wrappedKey).toBeNull();
    expect(purged.sealedTitle).toBeNull();
    expect(purged.stateReason).toBe("hold-time-expired");
    expect(await spoolFiles(server.dataDir)).toHaveLength(2);
    expect(await spoolFiles(server.dataDir)).not.toContain(`${held.spoolId}.pvs`);

    const entries = (await auditEntries(server.dataDir)).filter((entry) => entry.subject === `job:${jobId}`);
    expect(entries.map((entry) => entry.type)).toEqual(["job.submitted", "job.purged"]);
    const details = entries[1]!.details;
    expect(entries[1]!.actor).toBe("system");
    expect(details).toEqual({ owner: "anna", reason: "hold-time-expired", heldSeconds: details.heldSeconds, sizeBytes: document.length });
    // Expired by hand seconds after submission: held for seconds, not for the one-hour hold time.
    expect(details.heldSeconds).toBeGreaterThanOrEqual(0);
    expect(details.heldSeconds).toBeLessThan(600);

    // While the server still runs (database, -wal and -shm all present) and after it stopped.
    const secrets = { marker: Buffer.from(marker), title: Buffer.from(title), wrappedKey, sealedTitle };
    for (const moment of ["running", "stopped"]) {
      if (moment === "stopped") expect((await server.stop("SIGTERM")).code).toBe(0);
      for (const [what, bytes] of Object.entries(secrets)) {
        expect(await filesContaining(server.dataDir, bytes), `${what} while ${moment}, in ${(await allFiles(server.dataDir)).join(", ")}`).toEqual([]);
      }
    }
  });

  test("a job whose hold ran out before the server stopped, before any tick purged it, is purged before the server answers", async () => {
    const first = await start({ PRINTVAKT_HOLD_TIME: "2s", PRINTVAKT_RETENTION_TICK: "30s" });
    const { title, document } = distinctiveJob();
    const jobId = await submitted(first, { user: "bertil", title, document });
    // Held for its whole hold time by a running server (time the server is stopped does not count
    // towards a hold: held-time.ts), then stopped before the 30 s tick came.
    const submittedJob = (await jobOf(first.dataDir, jobId))!;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, submittedJob.expiresAt.getTime() - Date.now() + 100)));
    expect((await first.stop("SIGTERM")).code).toBe(0);
    const job = (await jobOf(first.dataDir, jobId))!;
    expect(job.state).toBe("held");

    const second = await start({ PRINTVAKT_DATA_DIR: first.dataDir, PRINTVAKT_HOLD_TIME: "2s", PRINTVAKT_RETENTION_TICK: "30s" });
    // startPrintvaktServer returns on "printvakt listening": nothing has answered /healthz yet.
    const purged = (await jobOf(second.dataDir, jobId))!;
    expect(purged.state).toBe("purged");
    expect(purged.wrappedKey).toBeNull();
    expect(await spoolFiles(second.dataDir)).toEqual([]);
    const messages = second.logs.map((line) => line.msg);
    expect(messages.indexOf("purged jobs that expired while the server was stopped")).toBeGreaterThanOrEqual(0);
    expect(messages.indexOf("purged jobs that expired while the server was stopped")).toBeLessThan(messages.indexOf("printvakt listening"));
    expect(second.logs.find((line) => line.msg === "purged jobs that expired while the server was stopped")?.jobs).toBe(1);
    expect((await fetch(`${second.baseUrl}/healthz`)).status).toBe(200);
  });

  test("a Create-Job whose document never came is purged with the reason no-document", async () => {
    const first = await start({ PRINTVAKT_RETENTION_TICK: "30s" });
    const created = await createJob(first.port, { user: "cecilia", title: "Väntar på dokument" });
    expect(created.status).toBe("successful-ok");
    expect((await first.stop("SIGTERM")).code).toBe(0);
    // Create-Job waits minutes for its document; make that time pass.
    const raw = rawDatabase(first.dataDir);
    await raw.execute({ sql: 'UPDATE "Job" SET "expiresAt" = ?, "holdDueHeldMs" = 0 WHERE "id" = ?', args: [Date.now() - 1_000, created.jobId!] });
    raw.close();

    const second = await start({ PRINTVAKT_DATA_DIR: first.dataDir, PRINTVAKT_RETENTION_TICK: "30s" });
    const job = (await jobOf(second.dataDir, created.jobId!))!;
    expect(job.state).toBe("purged");
    expect(job.wrappedKey).toBeNull();
    const purges = (await auditEntries(second.dataDir)).filter((entry) => entry.type === "job.purged");
    expect(purges).toHaveLength(1);
    expect(purges[0]!.details).toMatchObject({ owner: "cecilia", reason: "no-document", sizeBytes: 0 });
  });

  test("a job left mid-release, its document on its way, by a killed server may have printed: kept with its key and file, never simply held again, and audited", async () => {
    const first = await start({ PRINTVAKT_RETENTION_TICK: "30s" });
    const { title, document } = distinctiveJob();
    const jobId = await submitted(first, { user: "david", title, document });
    await first.stop("SIGKILL");
    const raw = rawDatabase(first.dataDir);
    // Releasing, with the mark the release writes just before the first document byte leaves.
    await raw.execute({ sql: `UPDATE "Job" SET "state" = 'releasing', "sendStartedAt" = ? WHERE "id" = ?`, args: [new Date().toISOString(), jobId] });
    raw.close();

    const second = await start({ PRINTVAKT_DATA_DIR: first.dataDir, PRINTVAKT_RETENTION_TICK: "30s" });
    const job = (await jobOf(second.dataDir, jobId))!;
    expect(job.state).toBe("may-have-printed");
    expect(job.stateReason).toBe("release interrupted");
    expect(job.wrappedKey).not.toBeNull();
    expect(await spoolFiles(second.dataDir)).toEqual([`${job.spoolId}.pvs`]);
    const entries = (await auditEntries(second.dataDir)).filter((entry) => entry.subject === `job:${jobId}`);
    expect(entries.map((entry) => [entry.type, entry.actor, entry.details])).toEqual([
      ["job.submitted", "user:david", expect.anything()],
      ["job.release-unknown", "system", { owner: "david", printer: "", reason: "release interrupted" }],
    ]);
  });
});
