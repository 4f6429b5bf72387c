// A server killed (SIGKILL) in the middle of a start-up purge leaves every job in one consistent
// state, and the next start finishes the work: no job twice, no key or file left, the chain intact.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { printvaktBin, runPrintvakt } from "../support/printvakt-cli.js";
import { auditEntries, rawDatabase, spoolFiles } from "../support/printvakt-data.js";
import { startPrintvaktServer } from "../support/printvakt-server.js";

const JOBS = 300;
const USERS = ["anna", "bertil", "cecilia"];
const quiet = { PRINTVAKT_HOLD_TIME: "3s", PRINTVAKT_RETENTION_TICK: "30s", PRINTVAKT_QUOTA_JOBS: "1000", PRINTVAKT_MAX_UPLOADS_PER_ADDRESS: "32", PRINTVAKT_LOG_LEVEL: "info" };

let dataDir: string | undefined;
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface JobRow {
  id: number;
  state: string;
  hasKey: boolean;
  hasTitle: boolean;
  spoolId: string | null;
}

async function jobRows(directory: string): Promise<JobRow[]> {
  const raw = rawDatabase(directory);
  try {
    const result = await raw.execute('SELECT "id", "state", "wrappedKey" IS NOT NULL AS "hasKey", "sealedTitle" IS NOT NULL AS "hasTitle", "spoolId" FROM "Job" ORDER BY "id"');
    return result.rows.map((row) => ({ id: Number(row.id), state: String(row.state), hasKey: Number(row.hasKey) === 1, hasTitle: Number(row.hasTitle) === 1, spoolId: row.spoolId === null ? null : String(row.spoolId) }));
  } finally {
    raw.close();
  }
}

describe("a crash in the middle of a purge", () => {
  test("leaves each job held with key and file, or purged without key; a restart finishes exactly once", async () => {
    const first = await startPrintvaktServer(quiet);
    dataDir = first.dataDir;
    const document = makePdf({ text: "crash test" });
    for (let start = 0; start < JOBS; start += 20) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(20, JOBS - start) }, (_, index) => printJob(first.port, { user: USERS[(start + index) % USERS.length]!, title: `job ${start + index}`, document })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => "successful-ok"));
    }
    expect((await first.stop("SIGTERM")).code).toBe(0);
    const raw = rawDatabase(dataDir);
    // Prisma keeps SQLite DateTimes as ISO-8601 text.
    const latest = Date.parse(String((await raw.execute('SELECT MAX("expiresAt") AS "latest" FROM "Job"')).rows[0]!.latest));
    expect(Number.isFinite(latest), "the latest hold time could be read").toBe(true);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, latest - Date.now() + 200)));
    // Time the server is stopped does not count as held time (server/jobs/held-time.ts): as if the
    // server had held them their whole hold time before it stopped.
    await raw.execute('UPDATE "Job" SET "holdDueHeldMs" = 0');

    // Start again; every job has expired, so the start-up purge runs. Kill it at its first job.purged.
    const second = spawn(process.execPath, [printvaktBin, "serve"], {
      env: { ...process.env, ...quiet, PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false", PRINTVAKT_DATA_DIR: dataDir },
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => second.on("exit", (_code, signal) => resolve(signal)));
    for (;;) {
      const purged = await raw.execute(`SELECT COUNT(*) AS "count" FROM "AuditEntry" WHERE "type" = 'job.purged'`).catch(() => undefined);
      if (purged && Number(purged.rows[0]!.count) > 0) break;
      if (second.exitCode !== null) throw new Error("the server exited before purging anything");
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    second.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    raw.close();

    const atCrash = await jobRows(dataDir);
    expect(atCrash).toHaveLength(JOBS);
    const purgedAtCrash = atCrash.filter((job) => job.state === "purged");
    // The precondition of this test: the kill landed in the middle, not before or after.
    expect(purgedAtCrash.length, "jobs purged when the kill landed").toBeGreaterThan(0);
    expect(purgedAtCrash.length, "jobs purged when the kill landed").toBeLessThan(JOBS);
    for (const job of atCrash) {
      if (job.state === "purged") expect(job, "a purged job has no key and no title").toMatchObject({ hasKey: false, hasTitle: false });
      else {
        expect(job, "a job not purged is still held with key and title").toMatchObject({ state: "held", hasKey: true, hasTitle: true });
        expect(existsSync(path.join(dataDir, "spool", `${job.spoolId}.pvs`)), `spool file of held job ${job.id}`).toBe(true);
      }
    }
    // Job and audit entry commit together: as many job.purged entries as purged jobs.
    expect((await auditEntries(dataDir)).filter((entry) => entry.type === "job.purged")).toHaveLength(purgedAtCrash.length);

    const third = await startPrintvaktServer({ ...quiet, PRINTVAKT_DATA_DIR: dataDir });
    try {
      const after = await jobRows(dataDir);
      expect(after.filter((job) => job.state === "purged" && !job.hasKey && !job.hasTitle)).toHaveLength(JOBS);
      expect(await spoolFiles(dataDir)).toEqual([]);
      const purges = (await auditEntries(dataDir)).filter((entry) => entry.type === "job.purged");
      expect(purges).toHaveLength(JOBS);
      expect(new Set(purges.map((entry) => entry.subject)).size).toBe(JOBS);
    } finally {
      expect((await third.stop("SIGTERM")).code).toBe(0);
    }
    const verify = await runPrintvakt(["audit", "verify"], { env: { PRINTVAKT_DATA_DIR: dataDir } });
    expect(verify.stdout).toMatch(/^audit log intact: /);
    expect(verify.code).toBe(0);
  });
});
