// A server killed (SIGKILL) while a job is on its way to the printer: after a restart the job may
// have printed, so it keeps its key and file but is never printed again unasked — not by a
// reader-only kiosk, only by its owner confirming at a screen — and the audit chain verifies.
// Replays reliability review D1 (6 of 6 interrupted jobs printed twice at the next badge). A job
// killed while it only waited for a busy printer printed nothing and is simply held again.
// The printer is the scripted one of the test support (it can take a document and never answer,
// or answer "busy"), in this process; the server is a real process, killed for real.
import { rm } from "node:fs/promises";
import { afterAll, expect, test } from "vitest";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { IppStatus } from "../../core/ipp/codec/status.js";
import { startFakeIppPrinter, type FakeIppPrinter } from "../support/printers/fake-ipp-printer.js";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { auditEntries, jobOf, spoolFiles } from "../support/printvakt-data.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";

let printer: FakeIppPrinter;
/** How the printer answers Print-Job: normally, by taking the document and never answering, or busy. */
let printJobAnswer: "normal" | "stall" | "busy" = "normal";
let dataDir: string | undefined;
let screenToken = "";
let agentToken = "";
let readerToken = "";
let interruptedJob = 0;
const servers: ServerProcess[] = [];
const clients: KioskClient[] = [];

afterAll(async () => {
  for (const client of clients) client.close();
  for (const server of servers) await server.stop("SIGKILL");
  await printer?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function kiosk(server: ServerProcess, token: string, role: "agent" | "screen"): Promise<KioskClient> {
  const client = await connectKiosk(server.baseUrl, token, role);
  clients.push(client);
  return client;
}

/** Print-Job requests that reached the printer: a document sent twice shows up here twice. */
function printJobsReceived(): number {
  return printer.requests.filter((request) => request.message.code === IppOperation.printJob).length;
}

/** Waits until `check` holds, polling; fails with `what` after 20 s. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A screen session for erik at the screen kiosk of `server`. */
async function screenSession(server: ServerProcess): Promise<{ screen: KioskClient; sessionId: string; jobs: Array<Record<string, unknown>> }> {
  const screen = await kiosk(server, screenToken, "screen");
  const agent = await kiosk(server, agentToken, "agent");
  await agent.emit("card:present", { card: "4242424" });
  const session = await screen.next("session:started");
  return { screen, sessionId: String(session.sessionId), jobs: session.jobs as Array<Record<string, unknown>> };
}

test("a release interrupted by SIGKILL leaves the job may-have-printed with file and key, and a reader-only badge does not print it", async () => {
  printer = await startFakeIppPrinter({
    answer: (request) => {
      if (request.message.code !== IppOperation.printJob || printJobAnswer === "normal") return undefined;
      return printJobAnswer === "stall" ? { stall: true } : { status: IppStatus.serverErrorBusy };
    },
  });
  const first = await startPrintvaktServer();
  servers.push(first);
  dataDir = first.dataDir;
  const cli = (args: string[]) => runPrintvakt(args, { env: { PRINTVAKT_DATA_DIR: first.dataDir } });
  expect((await cli(["printer", "add", "Plan 5", "--uri", printer.uri])).code).toBe(0);
  agentToken = (await cli(["kiosk", "add", "Plan 5 kiosk", "--printer", "Plan 5"])).stdout.trim();
  screenToken = (await cli(["kiosk", "token", "Plan 5 kiosk", "--screen"])).stdout.trim();
  readerToken = (await cli(["kiosk", "add", "Plan 5 reader", "--printer", "Plan 5", "--release-on-badge"])).stdout.trim();
  expect((await cli(["user", "add", "erik", "--card", "4242424"])).code).toBe(0);
  const submitted = await printJob(first.port, { user: "erik", title: "Utredning", document: makePdf({ text: "crash during release" }) });
  expect(submitted.status).toBe("successful-ok");
  interruptedJob = submitted.jobId!;

  // The printer takes the whole document and never answers, so the release hangs after the bytes
  // left; then the server is killed.
  printJobAnswer = "stall";
  const { screen, sessionId } = await screenSession(first);
  const release = await screen.emit("session:release", { sessionId, jobIds: [interruptedJob], idempotencyKey: "crash-release-1" });
  expect(release, JSON.stringify(release)).toMatchObject({ results: [{ jobId: interruptedJob, outcome: "accepted" }] });
  await until(() => printer.deliveries().length === 1, "the document at the printer");
  expect((await jobOf(first.dataDir, interruptedJob))!).toMatchObject({ state: "releasing", sendStartedAt: expect.any(Date) });
  expect(await first.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
  printJobAnswer = "normal";

  const second = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: first.dataDir });
  servers.push(second);
  const job = (await jobOf(first.dataDir, interruptedJob))!;
  expect(job).toMatchObject({ state: "may-have-printed", stateReason: "release interrupted" });
  expect(job.wrappedKey).not.toBeNull();
  expect(await spoolFiles(first.dataDir)).toEqual([`${job.spoolId}.pvs`]);
  const unknown = (await auditEntries(first.dataDir)).filter((entry) => entry.type === "job.release-unknown");
  expect(unknown.map((entry) => [entry.subject, entry.details])).toEqual([[`job:${interruptedJob}`, { owner: "erik", printer: "Plan 5", reason: "release interrupted" }]]);

  const receivedBefore = printJobsReceived();
  const reader = await kiosk(second, readerToken, "agent");
  expect(await reader.emit("card:present", { card: "4242424" })).toMatchObject({ ok: true, outcome: "claimed", claimed: 0 });
  expect(await reader.next("release:finished")).toMatchObject({ outcome: "no-jobs", printed: 0, failed: 0, mayHavePrinted: 0, jobs: [] });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(printJobsReceived()).toBe(receivedBefore);
  expect((await jobOf(first.dataDir, interruptedJob))!.state).toBe("may-have-printed");
}, 150_000);

test("at a screen kiosk the owner is warned where it may have printed, and only a confirmed release prints it, exactly once", async () => {
  const server = servers[1]!;
  const { screen, sessionId, jobs } = await screenSession(server);
  const listed = jobs.find((job) => job.id === interruptedJob);
  expect(listed).toMatchObject({ state: "may-have-printed", mayHavePrinted: { printer: "Plan 5" } });
  const receivedBefore = printJobsReceived();
  const documentsBefore = printer.deliveries().length;

  const unconfirmed = await screen.emit("session:release", { sessionId, jobIds: [interruptedJob], idempotencyKey: "reprint-unconfirmed" });
  expect(unconfirmed).toMatchObject({ results: [{ jobId: interruptedJob, outcome: "needs-confirmation" }] });
  const all = await screen.emit("session:release", { sessionId, jobIds: "all", idempotencyKey: "reprint-all" });
  expect(all, "print all never includes a job that may have printed").toMatchObject({ results: [] });

  const confirmed = await screen.emit("session:release", { sessionId, jobIds: [interruptedJob], idempotencyKey: "reprint-confirmed", confirmReprint: true });
  expect(confirmed).toMatchObject({ results: [{ jobId: interruptedJob, outcome: "accepted" }] });
  await screen.next("job:progress", (event) => event.jobId === interruptedJob && event.state === "printed", 30_000);
  expect(printer.deliveries()).toHaveLength(documentsBefore + 1);
  expect(printJobsReceived()).toBe(receivedBefore + 1);
  expect((await jobOf(server.dataDir, interruptedJob))!).toMatchObject({ state: "released", wrappedKey: null });
  const released = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "job.released" && entry.subject === `job:${interruptedJob}`);
  expect(released.map((entry) => entry.details.reprint)).toEqual([true]);
  // Badging again at this kiosk would end the session instead of starting the next test's.
  await screen.emit("session:logout", { sessionId });
}, 60_000);

test("two releases of the same job at the same moment print it once", async () => {
  const server = servers[1]!;
  const submitted = await printJob(server.port, { user: "erik", title: "Budget", document: makePdf({ text: "two taps" }) });
  const jobId = submitted.jobId!;
  const { screen, sessionId } = await screenSession(server);
  const receivedBefore = printJobsReceived();
  const documentsBefore = printer.deliveries().length;
  const answers = await Promise.all(["race-one", "race-two", "race-three"].map((key) => screen.emit("session:release", { sessionId, jobIds: [jobId], idempotencyKey: `${key}-${jobId}` })));
  const outcomes = answers.map((answer) => (answer.results as Array<{ outcome: string }>)[0]!.outcome).sort();
  expect(outcomes).toEqual(["accepted", "not-found", "not-found"]);
  await until(() => printer.deliveries().length === documentsBefore + 1, "the document at the printer");
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(printJobsReceived()).toBe(receivedBefore + 1);
  expect(printer.deliveries()).toHaveLength(documentsBefore + 1);

  expect(await server.stop("SIGTERM")).toEqual({ code: 0, signal: null });
  const verify = await runPrintvakt(["audit", "verify"], { env: { PRINTVAKT_DATA_DIR: server.dataDir } });
  expect(verify.stdout).toMatch(/^audit log intact: /);
  expect(verify.code).toBe(0);
}, 60_000);

test("a job killed while it waited for a busy printer printed nothing: it is held again (job.release-not-sent) and the next reader-only badge prints it once", async () => {
  const server = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: dataDir! });
  servers.push(server);
  const submitted = await printJob(server.port, { user: "erik", title: "Journal", document: makePdf({ text: "busy printer" }) });
  expect(submitted.status).toBe("successful-ok");
  const jobId = submitted.jobId!;
  const deliveriesBefore = printer.deliveries().length;
  const receivedBefore = printJobsReceived();

  printJobAnswer = "busy";
  const reader = await kiosk(server, readerToken, "agent");
  expect(await reader.emit("card:present", { card: "4242424" })).toMatchObject({ ok: true, outcome: "claimed", claimed: 1 });
  await reader.next("job:progress", (event) => event.jobId === jobId && event.state === "waiting");
  expect(printJobsReceived()).toBeGreaterThan(receivedBefore);
  // The printer said busy before taking anything, so the mark "bytes may have left" is lifted again.
  await until(async () => {
    const job = await jobOf(server.dataDir, jobId);
    return job?.state === "releasing" && job.sendStartedAt === null;
  }, "the send mark lifted after the busy answer");
  expect(await server.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
  printJobAnswer = "normal";

  const next = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: server.dataDir });
  servers.push(next);
  const job = (await jobOf(next.dataDir, jobId))!;
  expect(job).toMatchObject({ state: "held", stateReason: "release interrupted before anything was sent", sendStartedAt: null, releasedAt: null });
  const entries = (await auditEntries(next.dataDir)).filter((entry) => entry.subject === `job:${jobId}`);
  expect(entries.map((entry) => entry.type)).toEqual(["job.submitted", "job.release-not-sent"]);
  expect(entries[1]!.details).toEqual({ owner: "erik", printer: "Plan 5", reason: "release interrupted before anything was sent" });
  expect(printer.deliveries()).toHaveLength(deliveriesBefore);

  const again = await kiosk(next, readerToken, "agent");
  expect(await again.emit("card:present", { card: "4242424" })).toMatchObject({ ok: true, outcome: "claimed", claimed: 1 });
  expect(await again.next("release:finished", undefined, 30_000)).toMatchObject({ outcome: "printed", printed: 1, failed: 0, mayHavePrinted: 0 });
  expect(printer.deliveries()).toHaveLength(deliveriesBefore + 1);
  expect((await jobOf(next.dataDir, jobId))!).toMatchObject({ state: "released", wrappedKey: null });

  expect(await next.stop("SIGTERM")).toEqual({ code: 0, signal: null });
  const verify = await runPrintvakt(["audit", "verify"], { env: { PRINTVAKT_DATA_DIR: next.dataDir } });
  expect(verify.stdout).toMatch(/^audit log intact: /);
  expect(verify.code).toBe(0);
}, 90_000);
