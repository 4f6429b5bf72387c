// The data directory at start and in /healthz (issue 12, reliability review D3, D4, D12), against the
// real built server: a deleted or replaced master key with held jobs, a deleted database beside a
// spool, a read-only database, an unwritable spool and a malformed database each stop
// `printvakt serve` with a refusal naming the path and a non-zero exit; while it runs, /healthz
// answers 503 with the reason when the spool cannot be written, free space is under the floor or
// another process keeps the database locked. "Unwritable" needs an account that is not root
// (root ignores file modes): those servers run as nobody through setpriv.
import { randomBytes } from "node:crypto";
import { access, chmod, chown, mkdtemp, open, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { auditEntries, databaseFile, jobOf, rawDatabase, spoolFiles } from "../support/printvakt-data.js";
import { serveExpectingRefusal } from "../support/printvakt-refusal.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";
import { waitFor } from "../support/processes.js";

const NOBODY = { uid: 65534, gid: 65534 };
const servers: ServerProcess[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function serve(dataDir: string, env: Record<string, string> = {}, options: Parameters<typeof startPrintvaktServer>[1] = {}): Promise<ServerProcess> {
  const server = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: dataDir, ...env }, options);
  servers.push(server);
  return server;
}

/** A stopped install with one held job, its database checkpointed into the main file. */
async function installWithHeldJob(): Promise<{ dataDir: string; jobId: number }> {
  const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "printvakt-data-dir-")), "data");
  const server = await serve(dataDir);
  const answer = await printJob(server.port, { user: "alva", title: "Lönelista", document: makePdf() });
  expect(answer.status).toBe("successful-ok");
  expect(await server.stop()).toEqual({ code: 0, signal: null });
  servers.splice(servers.indexOf(server), 1);
  const raw = rawDatabase(dataDir);
  await raw.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  raw.close();
  return { dataDir, jobId: answer.jobId! };
}

/** Hands the whole install (and the folder above it) to nobody, as a service account would own it. */
async function giveToNobody(dataDir: string): Promise<void> {
  const top = path.dirname(dataDir);
  await chown(top, NOBODY.uid, NOBODY.gid);
  // The test's closed connection may still remove the -wal and -shm files meanwhile.
  const owned = (entry: string) => chown(path.join(dataDir, entry), NOBODY.uid, NOBODY.gid).catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? undefined : Promise.reject(error)));
  for (const entry of ["", ...(await readdir(dataDir, { recursive: true }))]) await owned(entry);
}

async function health(server: ServerProcess): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.baseUrl}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Asks /healthz until it answers `status`, and returns that answer. */
function healthOnce(server: ServerProcess, status: number, timeoutMs: number): Promise<{ status: number; body: Record<string, unknown> }> {
  return waitFor(
    async () => {
      const answer = await health(server);
      return answer.status === status ? answer : undefined;
    },
    { timeoutMs, describe: () => `/healthz never answered ${status}` },
  );
}

function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

describe("start-up refusals", () => {
  test("a deleted master key with a held job is refused, writes no new key, and the restored key starts", async () => {
    const { dataDir, jobId } = await installWithHeldJob();
    const keyFile = path.join(dataDir, "master.key");
    const key = await readFile(keyFile);
    await rm(keyFile);

    const refusal = await serveExpectingRefusal({ PRINTVAKT_DATA_DIR: dataDir });
    expect(refusal.code).toBe(1);
    expect(refusal.stderr).toMatch(/^printvakt: refusing to start: 1 live job in the database was encrypted under master key [0-9a-f]{16}/);
    expect(refusal.stderr).toContain(`the master key file ${keyFile} is missing`);
    expect(refusal.stderr).toContain("--accept-unreadable-jobs");
    expect(await exists(keyFile)).toBe(false);

    await writeFile(keyFile, key, { mode: 0o600 });
    await serve(dataDir);
    expect((await jobOf(dataDir, jobId))?.state).toBe("held");
  });

  test("a deleted master key beside a database without live jobs starts with a new key, and warns about enrolled cards", async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "printvakt-data-dir-")), "data");
    const first = await serve(dataDir);
    await first.stop();
    const keyFile = path.join(dataDir, "master.key");
    const oldKey = await readFile(keyFile);
    await rm(keyFile);
    const second = await serve(dataDir);
    expect((await readFile(keyFile)).equals(oldKey)).toBe(false);
    expect(second.logs.filter((entry) => String(entry.msg).startsWith("the master key file was missing beside an existing database"))).toHaveLength(1);
  });

  test("a replaced master key is refused; accepting destroys the job it cannot open and audits it", async () => {
    const { dataDir, jobId } = await installWithHeldJob();
    await writeFile(path.join(dataDir, "master.key"), randomBytes(32), { mode: 0o600 });

    const refusal = await serveExpectingRefusal({ PRINTVAKT_DATA_DIR: dataDir });
    expect(refusal.code).toBe(1);
    expect(refusal.stderr).toContain(`the master key from ${path.join(dataDir, "master.key")} (id `);
    expect(refusal.stderr).toContain("is not the one they were encrypted with");

    const accepted = await serve(dataDir, {}, { args: ["--accept-unreadable-jobs"] });
    expect((await jobOf(dataDir, jobId))?.state).toBe("purged");
    expect(await spoolFiles(dataDir)).toEqual([]);
    const purged = (await auditEntries(dataDir)).filter((entry) => entry.type === "job.purged");
    expect(purged.map((entry) => [entry.subject, entry.details.reason])).toEqual([[`job:${jobId}`, "master-key-lost"]]);
    await accepted.stop();
    // Nothing unreadable is left: the next ordinary start is not refused.
    expect((await health(await serve(dataDir))).status).toBe(200);
  });

  test("a held job beside an emptied spool directory (a file system not mounted) is refused; only its own, counted switch gives it up", async () => {
    const { dataDir, jobId } = await installWithHeldJob();
    const spoolDir = path.join(dataDir, "spool");
    await rm(spoolDir, { recursive: true });

    const refusal = await serveExpectingRefusal({ PRINTVAKT_DATA_DIR: dataDir });
    expect(refusal.code).toBe(1);
    expect(refusal.stderr).toContain(`refusing to start: 1 live job has no document in the spool directory ${spoolDir}, which holds no document at all (is its file system mounted?); nothing was deleted`);
    expect(refusal.stderr).toContain("`printvakt serve --accept-missing-documents 1`");
    // The master key's switch is not consent to this loss.
    expect((await serveExpectingRefusal({ PRINTVAKT_DATA_DIR: dataDir }, { args: ["--accept-unreadable-jobs"] })).code).toBe(1);
    expect((await jobOf(dataDir, jobId))?.state).toBe("held");

    await serve(dataDir, {}, { args: ["--accept-missing-documents", "1"] });
    expect((await jobOf(dataDir, jobId))?.state).toBe("purged");
    const purged = (await auditEntries(dataDir)).filter((entry) => entry.type === "job.purged");
    expect(purged.map((entry) => [entry.subject, entry.details.reason])).toEqual([[`job:${jobId}`, "document-missing"]]);
  });

  test("spool files of jobs the database does not know (an older database restored) are refused before the sweep; only their own, counted switch deletes them", async () => {
    const { dataDir, jobId } = await installWithHeldJob();
    const spoolDir = path.join(dataDir, "spool");
    const kept = await spoolFiles(dataDir);
    for (let index = 0; index < 3; index++) await writeFile(path.join(spoolDir, `${randomBytes(16).toString("hex")}.pvs`), "a newer job's ciphertext");
    const before = await spoolFiles(dataDir);

    const refusal = await serveExpectingRefusal({ PRINTVAKT_DATA_DIR: dataDir });
    expect(refusal.code).toBe(1);
    expect(refusal.stderr).toContain(`refusing to start: the spool directory ${spoolDir} holds 3 complete spool files that belong to no job in the database (a database older than the spool directory?); nothing was deleted`);
    expect(refusal.stderr).toContain("`printvakt serve --accept-orphan-documents 3`");
    expect((await serveExpectingRefusal({ PRINTVAKT_DATA_DIR: dataDir }, { args: ["--accept-missing-documents", "3"] })).code, "the other switch is not consent").toBe(1);
    expect(await spoolFiles(dataDir)).toEqual(before);

    await serve(dataDir, {}, { args: ["--accept-orphan-documents", "3"] });
    expect(await spoolFiles(dataDir)).toEqual(kept);
    expect((await jobOf(dataDir, jobId))?.state).toBe("held");
  });

  test("a deleted database beside a spool is refused, the spool is kept, and audit verify does not call it intact", async () => {
    const { dataDir } = await installWithHeldJob();
    const spooled = await spoolFiles(dataDir);
    expect(spooled).toHaveLength(1);
    for (const file of await readdir(dataDir)) if (file.startsWith("printvakt.db")) await rm(path.join(dataDir, file), { force: true });

    const refusal = await serveExpectingRefusal({ PRINTVAKT_DATA_DIR: dataDir });
    expect(refusal.code).toBe(1);
    expect(refusal.stderr).toContain(`refusing to start: the database ${databaseFile(dataDir)} is missing or empty, but ${path.join(dataDir, "spool")} (1 spool file)`);
    expect(refusal.stderr).toContain(`${path.join(dataDir, "master.key")} (master key)`);
    expect(await spoolFiles(dataDir)).toEqual(spooled);
    expect(await exists(databaseFile(dataDir))).toBe(false);

    // Any other command is refused the same way: none makes a new, empty database here.
    const userAdd = await runPrintvakt(["user", "add", "alva"], { env: { PRINTVAKT_DATA_DIR: dataDir } });
    expect(userAdd.code).toBe(1);
    expect(userAdd.stderr).toContain("refusing to start: the database");
    const verify = await runPrintvakt(["audit", "verify"], { env: { PRINTVAKT_DATA_DIR: dataDir } });
    expect(verify.code).toBe(1);
    expect(verify.stdout + verify.stderr).not.toContain("intact");
    expect(verify.stderr).toContain(`there is no database at ${databaseFile(dataDir)}`);
  });

  test("a malformed database is refused by quick_check", async () => {
    const { dataDir } = await installWithHeldJob();
    const file = await open(databaseFile(dataDir), "r+");
    await file.write(randomBytes(8192), 0, 8192, 2 * 4096);
    await file.close();

    const refusal = await serveExpectingRefusal({ PRINTVAKT_DATA_DIR: dataDir });
    expect(refusal.code).toBe(1);
    expect(refusal.stderr).toContain(`refusing to start: the database ${databaseFile(dataDir)} fails SQLite's quick_check: `);
    expect(refusal.stderr).toContain("restore the database from a backup");
  });

  test("a read-only database is refused (as nobody)", async () => {
    const { dataDir } = await installWithHeldJob();
    await giveToNobody(dataDir);
    await chmod(databaseFile(dataDir), 0o400);

    const refusal = await serveExpectingRefusal({ PRINTVAKT_DATA_DIR: dataDir }, { runAs: NOBODY });
    expect(refusal.code).toBe(1);
    expect(refusal.stderr).toContain(`refusing to start: the database ${databaseFile(dataDir)} cannot be written (EACCES)`);
  });

  test("an unwritable spool is refused at start and answered 503 while running (as nobody)", async () => {
    const { dataDir } = await installWithHeldJob();
    await giveToNobody(dataDir);
    const spoolDir = path.join(dataDir, "spool");
    await chmod(spoolDir, 0o500);

    const refusal = await serveExpectingRefusal({ PRINTVAKT_DATA_DIR: dataDir }, { runAs: NOBODY });
    expect(refusal.code).toBe(1);
    expect(refusal.stderr).toContain(`refusing to start: the spool directory ${spoolDir} cannot be written (EACCES)`);

    await chmod(spoolDir, 0o700);
    const server = await serve(dataDir, {}, { runAs: NOBODY });
    expect(await health(server)).toEqual({ status: 200, body: { status: "ok" } });
    await chmod(spoolDir, 0o500);
    const unhealthy = await healthOnce(server, 503, 10_000);
    expect(unhealthy.body).toEqual({ status: "unavailable", reason: "the spool directory cannot be written (EACCES)" });
    await chmod(spoolDir, 0o700);
    await healthOnce(server, 200, 10_000);
  });
});

describe("/healthz", () => {
  test("free space under the floor answers 503 with the reason", async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "printvakt-data-dir-")), "data");
    const server = await serve(dataDir, { PRINTVAKT_MIN_FREE_SPACE: "1048576GiB", PRINTVAKT_DISK_RESERVE: "0" });
    expect(await health(server)).toEqual({ status: 503, body: { status: "unavailable", reason: "free disk space is under the floor (PRINTVAKT_MIN_FREE_SPACE)" } });
  });

  test("a database another process keeps locked answers 503 with the reason, and 200 once it lets go", async () => {
    const { dataDir } = await installWithHeldJob();
    const server = await serve(dataDir);
    expect((await health(server)).status).toBe(200);
    const other = rawDatabase(dataDir);
    const lock = await other.transaction("write");
    try {
      const locked = await healthOnce(server, 503, 20_000);
      expect(locked.body.reason).toMatch(/^the database stays locked by another process \(a write has waited \d+ s\)$/);
    } finally {
      await lock.rollback();
      other.close();
    }
    await healthOnce(server, 200, 10_000);
  });
});
