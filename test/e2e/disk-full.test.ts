// A full disk against the real server (issue 12, reliability review D6), on a small tmpfs the test
// mounts under the data directory: intake stops at the floor of free space with server-error-busy
// and keeps nothing of a refused job; on a disk another program filled to the last byte, a held
// job is still released to a real printer or deleted by its owner, an expired one is purged, all
// of it audited, `printvakt audit verify` passes and the server restarts, even after a crash;
// when the space comes back intake resumes, the reserve is set aside again and the chain verifies.
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, open, rm, stat, statfs, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { openAppContext } from "../../server/app-context.js";
import type { AuditEntry } from "../../server/audit/entry.js";
import { loadConfig } from "../../server/config.js";
import { RESERVE_FILE } from "../../server/spool/disk-space.js";
import { readAudit } from "../../server/store/audit-log.js";
import { openDatabase, type Database } from "../../server/store/database.js";
import { countJobs, findJob } from "../../server/store/jobs.js";
import { runIpptool } from "../support/ipptool.js";
import { writeIpptoolTest } from "../support/ipptool-test-file.js";
import { startIppEvePrinter, type IppEvePrinter } from "../support/ippeveprinter.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { asCli } from "../support/printer-destination.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { countByType, databaseFile, rawDatabase, spoolFiles } from "../support/printvakt-data.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";
import { runCommand, waitFor } from "../support/processes.js";
import { requireTool } from "../support/tools.js";
import { JOB_STATES } from "../../server/jobs/job-states.js";
import { allJobs } from "../support/database-rows.js";

const MiB = 1024 * 1024;
const FILE_SYSTEM_BYTES = 48 * MiB;
const MIN_FREE_BYTES = 8 * MiB;
const RESERVE_BYTES = 4 * MiB;
const DOCUMENT_BYTES = 4 * MiB;
const ADMIN = { label: "admin:test", role: "admin" as const };
const CARDS = { disa: "1010101", erik: "2020202", frida: "3030303", gustav: "4040404" };
const RESERVE_GIVEN_BACK = "the disk is full: gave back the disk reserve so release, purge and the audit can go on";

let scratch: string | undefined;
let mountPoint: string | undefined;
let dataDir: string;
/** "Another program's" data on the same file system, beside the data directory. */
let fillerFile: string;
let documentFile: string;
let document: Buffer;
let printJobTest: string;
let cancelJobTest: string;
let printer: IppEvePrinter;
let server: ServerProcess;
/** The test's own connection, for reading jobs and the audit. */
let reader: Database;
let readerToken = "";
const servers: ServerProcess[] = [];
const kiosks: KioskClient[] = [];
/** Held job ids by owner, as submitted in the first test. */
const jobsOf: Record<string, number[]> = {};

const settings = () => ({ PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_MIN_FREE_SPACE: String(MIN_FREE_BYTES), PRINTVAKT_DISK_RESERVE: String(RESERVE_BYTES) });

async function startServer(): Promise<ServerProcess> {
  const started = await startPrintvaktServer({ ...settings(), PRINTVAKT_RETENTION_TICK: "1s", PRINTVAKT_HOLD_TIME: "1h" });
  servers.push(started);
  return started;
}

/** What a program that is not root may still write on the tmpfs. */
async function freeBytes(): Promise<number> {
  const stats = await statfs(mountPoint!);
  return Number(stats.bavail) * Number(stats.bsize);
}

function reserveSize(): Promise<number | undefined> {
  return stat(path.join(dataDir, RESERVE_FILE)).then((info) => info.size, () => undefined);
}

function reserveSetAside(): Promise<true> {
  return waitFor(async () => ((await reserveSize()) === RESERVE_BYTES ? true : undefined), { timeoutMs: 15_000, describe: async () => `the reserve is ${await reserveSize()} bytes` });
}

/** Appends to the filler file until the file system has only `leaveBytes` left (by default not one byte). */
async function fillDisk(leaveBytes = 0): Promise<void> {
  const file = await open(fillerFile, "a");
  try {
    if (leaveBytes > 0) await file.write(Buffer.alloc((await freeBytes()) - leaveBytes));
    for (let piece = MiB; leaveBytes === 0 && piece >= 1; ) {
      try {
        await file.write(Buffer.alloc(piece));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
        piece = Math.floor(piece / 2);
      }
    }
  } finally {
    await file.close();
  }
  // The running server's write-ahead log grows and shrinks meanwhile (24 KiB was seen): near, not exact.
  expect(Math.abs((await freeBytes()) - leaveBytes)).toBeLessThanOrEqual(256 * 1024);
}

/** Runs one of our two ipptool files; the IPP status the server answered. */
async function ipptool(testFile: string, defines: Record<string, string>, document?: string): Promise<string> {
  const run = await runIpptool({ uri: `ipp://127.0.0.1:${server.port}/ipp/print`, testFile, document, defines, timeoutMs: 30_000 });
  if (run.passed.length === 1) return "successful-ok";
  const status = /\(got ([a-z-]+)\)/.exec(run.output)?.[1];
  expect(status, run.output).toBeDefined();
  return status!;
}

// Each submission its own title: the same request again within seconds is answered as a resend.
let submissions = 0;
const submit = (owner: string) => ipptool(printJobTest, { owner, title: `Kvartalsrapport-${(submissions += 1)}` }, documentFile);
const cancel = (owner: string, jobId: number) => ipptool(cancelJobTest, { owner, target: String(jobId) });

const jobOf = (id: number) => findJob(reader, id);
const heldJobs = () => allJobs(reader, ["held"]);

async function auditLog(): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const entry of readAudit(reader)) entries.push(entry);
  return entries;
}

/** Entries per type added since `before`. */
async function auditAddedSince(before: Record<string, number>): Promise<Record<string, number>> {
  const added: Record<string, number> = {};
  for (const [type, count] of Object.entries(countByType(await auditLog()))) if (count > (before[type] ?? 0)) added[type] = count - (before[type] ?? 0);
  return added;
}

/**
 * The spool holds exactly the held jobs' files: nothing partial, nothing orphaned. A destroyed
 * job's file goes just after its key (the key is what makes it unreadable), so it may take a moment.
 */
async function expectSpoolMatchesHeldJobs(): Promise<void> {
  const expected = async () => (await heldJobs()).map((job) => `${job.spoolId}.pvs`).sort();
  await waitFor(async () => (JSON.stringify(await spoolFiles(dataDir)) === JSON.stringify(await expected()) ? true : undefined), {
    timeoutMs: 5_000,
    describe: async () => `spool ${JSON.stringify(await spoolFiles(dataDir))}, held jobs' files ${JSON.stringify(await expected())}`,
  });
}

async function waitForState(jobId: number, state: string): Promise<void> {
  await waitFor(async () => ((await jobOf(jobId))?.state === state ? true : undefined), { timeoutMs: 20_000, describe: async () => `job ${jobId} is ${(await jobOf(jobId))?.state}, not ${state}` });
}

/** `printvakt audit verify` as an operator runs it: intact, and its own entry recorded. */
async function expectAuditVerifies(): Promise<void> {
  const verified = await runPrintvakt(["audit", "verify"], { env: settings() });
  expect(verified.code, `${verified.stdout}${verified.stderr}`).toBe(0);
  expect(verified.stdout).toMatch(/^audit log intact: \d+ entries/);
  expect(verified.stderr, "the verification could not be recorded").toBe("");
}

const logged = (from: ServerProcess, message: string) => from.logs.filter((line) => line.msg === message);

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "printvakt-disk-full-"));
  const target = path.join(scratch, "disk");
  await mkdir(target);
  const mounted = await runCommand(requireTool("mount"), ["-t", "tmpfs", "-o", `size=${FILE_SYSTEM_BYTES},mode=0700`, "printvakt-disk-full", target]);
  if (mounted.exitCode !== 0) {
    throw new Error(
      `the disk-full test must mount a ${FILE_SYSTEM_BYTES / MiB} MiB tmpfs and could not: run it as root, as CI does ` +
        `(in a container with CAP_SYS_ADMIN). mount exited ${mounted.exitCode}: ${mounted.stderr.trim()}`,
    );
  }
  mountPoint = target;
  dataDir = path.join(mountPoint, "printvakt");
  fillerFile = path.join(mountPoint, "other-program.data");
  document = makePdf({ text: "Printvakt on a full disk", padToBytes: DOCUMENT_BYTES });
  documentFile = path.join(scratch, "report.pdf");
  await writeFile(documentFile, document);
  printJobTest = await writeIpptoolTest(scratch, "print-job-as-owner.test", [
    {
      name: "Print-Job",
      operation: "Print-Job",
      attributes: ["ATTR name requesting-user-name $owner", "ATTR name job-name $title", "ATTR mimeMediaType document-format application/pdf", "FILE $filename"],
      status: "successful-ok",
      then: ["EXPECT job-id"],
    },
  ]);
  cancelJobTest = await writeIpptoolTest(scratch, "cancel-job-as-owner.test", [
    { name: "Cancel-Job", operation: "Cancel-Job", attributes: ["ATTR integer job-id $target", "ATTR name requesting-user-name $owner"], status: "successful-ok" },
  ]);

  printer = await startIppEvePrinter();
  // Set up in-process (a CLI run costs seconds on a busy machine); the server runs as a process.
  const context = await openAppContext(loadConfig({ ...process.env, ...settings() }));
  try {
    await addPrinter(context.db, ADMIN, { name: "Plan 2", uri: printer.uri }, asCli(context));
    readerToken = (await addKiosk(context.db, ADMIN, { name: "Plan 2 reader", printer: "Plan 2", releaseOnBadge: true }, "cli")).agentToken!;
    for (const [username, card] of Object.entries(CARDS)) await addUser(context.db, ADMIN, context, { username, cards: [card] });
  } finally {
    await context.close();
  }
  reader = await openDatabase(`file:${databaseFile(dataDir)}`, { readOnly: true });
  server = await startServer();
}, 60_000);

afterAll(async () => {
  for (const kiosk of kiosks) kiosk.close();
  for (const running of servers) await running.stop("SIGKILL");
  await reader?.close();
  await printer?.stop();
  if (mountPoint !== undefined) {
    // libsql closes a connection's files only once its objects are garbage-collected, so this
    // process may still hold the database open: the file system is then detached at once and
    // freed when the last of those files closes.
    let unmounted = await runCommand(requireTool("umount"), [mountPoint]);
    if (unmounted.exitCode !== 0) unmounted = await runCommand(requireTool("umount"), ["--lazy", mountPoint]);
    expect(unmounted.exitCode, unmounted.stderr).toBe(0);
  }
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

test("intake fills the disk only down to the floor of free space, then answers server-error-busy and keeps nothing of the refused job", async () => {
  expect(await reserveSize(), "the server sets the reserve aside at start").toBe(RESERVE_BYTES);
  let accepted = 0;
  let freeAtRefusal: number | undefined;
  for (const owner of ["disa", "erik", "frida", ...Array<string>(20).fill("gustav")]) {
    const freeBefore = await freeBytes();
    const [jobsBefore, auditBefore] = [await countJobs(reader, JOB_STATES), (await auditLog()).length];
    const status = await submit(owner);
    if (status === "successful-ok") {
      accepted += 1;
      // Printvakt itself never takes the disk under the floor.
      expect(await freeBytes()).toBeGreaterThanOrEqual(MIN_FREE_BYTES);
      continue;
    }
    expect(status).toBe("server-error-busy");
    freeAtRefusal = freeBefore;
    // Nothing of the refused job but the refusal's audit entry; its document's bytes given back.
    expect(await countJobs(reader, JOB_STATES)).toBe(jobsBefore);
    const entries = await auditLog();
    expect(entries).toHaveLength(auditBefore + 1);
    expect(entries.at(-1)).toMatchObject({ type: "job.rejected", actor: "user:gustav", details: { operation: "Print-Job", status: "server-error-busy", errorCode: "no-space" } });
    expect(await freeBytes()).toBeGreaterThan(freeBefore - 256 * 1024);
    break;
  }
  expect(freeAtRefusal, "intake never refused").toBeDefined();
  // Refused because the document would have left less than the floor, not before: the rest of
  // the difference is the spool's cipher and the database.
  expect(freeAtRefusal!).toBeGreaterThanOrEqual(MIN_FREE_BYTES);
  expect(freeAtRefusal! - DOCUMENT_BYTES).toBeLessThan(MIN_FREE_BYTES + MiB);
  expect(await reserveSize()).toBe(RESERVE_BYTES);

  const held = await heldJobs();
  for (const job of held) (jobsOf[job.ownerName] ??= []).push(job.id);
  expect(held).toHaveLength(accepted);
  expect(countByType(await auditLog())["job.submitted"]).toBe(accepted);
  await expectSpoolMatchesHeldJobs();
  console.info(`disk-full: ${accepted} jobs of ${DOCUMENT_BYTES / MiB} MiB accepted, the next refused with ${(freeAtRefusal! / MiB).toFixed(2)} MiB free (floor ${MIN_FREE_BYTES / MiB} MiB)`);
}, 60_000);

test("on a disk another program filled to the last byte, a held job is released to the printer, one deleted by its owner and one purged, all audited; verify and a restart work", async () => {
  const agent = await connectKiosk(server.baseUrl, readerToken, "agent");
  kiosks.push(agent);
  // The connection's entry goes in while there is room: the release is the first write on the full disk.
  await waitFor(async () => (countByType(await auditLog())["kiosk.connected"] === 1 ? true : undefined), { timeoutMs: 10_000, describe: () => "the kiosk's connection was never audited" });
  const [disasJob, eriksJob, fridasJob] = [jobsOf.disa![0]!, jobsOf.erik![0]!, jobsOf.frida![0]!];
  const raw = rawDatabase(dataDir);
  // Frida's job comes due in a few seconds, on the full disk.
  await raw.execute({ sql: 'UPDATE "Job" SET "expiresAt" = ?, "holdDueHeldMs" = 0 WHERE "id" = ?', args: [Date.now() + 3_000, fridasJob] });
  // Everything into the main database file and the write-ahead log emptied: a write needs new space.
  await raw.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  raw.close();
  const auditBefore = countByType(await auditLog());
  await fillDisk();
  expect(await reserveSize()).toBe(RESERVE_BYTES);

  // Disa badges at the reader-only kiosk: her job prints, byte for byte.
  expect(await agent.emit("card:present", { card: CARDS.disa })).toMatchObject({ ok: true, outcome: "claimed", claimed: 1 });
  const [printed] = await printer.waitForDocuments(1, 30_000);
  expect(printed!.sha256).toBe(createHash("sha256").update(document).digest("hex"));
  await waitForState(disasJob, "released");
  // The first write that found no room took the reserve, once.
  expect(logged(server, RESERVE_GIVEN_BACK)).toHaveLength(1);

  // Erik deletes his job from his desktop.
  expect(await cancel("erik", eriksJob)).toBe("successful-ok");
  expect(await jobOf(eriksJob)).toMatchObject({ state: "cancelled", wrappedKey: null });

  await waitForState(fridasJob, "purged");
  expect(await jobOf(fridasJob)).toMatchObject({ stateReason: "hold-time-expired", wrappedKey: null });

  expect(await auditAddedSince(auditBefore)).toEqual({ "session.started": 1, "job.released": 1, "session.ended": 1, "job.cancelled": 1, "job.purged": 1 });
  expect((await heldJobs()).map((job) => job.ownerName)).toEqual(jobsOf.gustav!.map(() => "gustav"));
  await expectSpoolMatchesHeldJobs();
  // Three documents gone give room above the floor for the reserve, other program or not.
  await reserveSetAside();
  const freeAfter = await freeBytes();

  await expectAuditVerifies();
  expect(await auditAddedSince(auditBefore)).toMatchObject({ "audit.verified": 1 });

  // The other program takes more, leaving less than the floor but room to work: a restart then
  // keeps the reserve for when the disk is really full.
  await fillDisk(2 * MiB);
  expect((await server.stop("SIGTERM")).code).toBe(0);
  server = await startServer();
  // It starts (release and purge free space), and tells a load balancer that intake is stopped.
  const health = await fetch(`${server.baseUrl}/healthz`);
  expect([health.status, await health.json()]).toEqual([503, { status: "unavailable", reason: "free disk space is under the floor (PRINTVAKT_MIN_FREE_SPACE)" }]);
  expect(await heldJobs()).toHaveLength(jobsOf.gustav!.length);
  expect(logged(server, RESERVE_GIVEN_BACK)).toEqual([]);
  expect(await reserveSize()).toBe(RESERVE_BYTES);
  console.info(`disk-full: filled to 0 bytes free; release, delete and purge left ${(freeAfter / MiB).toFixed(2)} MiB free with the reserve set aside again`);
}, 60_000);

test("a server killed on a disk filled to the last byte starts again from the reserve and purges what expired meanwhile; when the other program's data goes, the reserve is set aside again, intake resumes and the chain verifies", async () => {
  expect(await reserveSize()).toBe(RESERVE_BYTES);
  const auditBefore = countByType(await auditLog());
  await server.stop("SIGKILL");
  const expired = jobsOf.gustav![0]!;
  const raw = rawDatabase(dataDir);
  await raw.execute({ sql: 'UPDATE "Job" SET "expiresAt" = ?, "holdDueHeldMs" = 0 WHERE "id" = ?', args: [Date.now() - 1_000, expired] });
  raw.close();
  await fillDisk();

  server = await startServer();
  expect(logged(server, RESERVE_GIVEN_BACK)).toHaveLength(1);
  expect(logged(server, "purged jobs that expired while the server was stopped")).toMatchObject([{ jobs: 1 }]);
  expect(await jobOf(expired)).toMatchObject({ state: "purged", wrappedKey: null });
  // New documents wait for space; the refusal is audited all the same.
  expect(await submit("gustav")).toBe("server-error-busy");
  expect(await auditAddedSince(auditBefore)).toEqual({ "job.purged": 1, "job.rejected": 1 });
  await expectSpoolMatchesHeldJobs();

  await rm(fillerFile);
  await reserveSetAside();
  expect(await submit("gustav")).toBe("successful-ok");
  await expectSpoolMatchesHeldJobs();
  await expectAuditVerifies();
}, 60_000);
