// A server killed (SIGKILL) while a job is on its way to the printer: after a restart the job may
// have printed, so it keeps its key and file but is never printed again unasked — not by a
// reader-only kiosk, only by its owner confirming at a screen — and the audit chain verifies.
// Replays reliability review D1 (6 of 6 interrupted jobs printed twice at the next badge).
import { rm } from "node:fs/promises";
import { afterAll, expect, test } from "vitest";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { startIppEvePrinter, type IppEvePrinter } from "../support/ippeveprinter.js";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { auditEntries, jobOf, spoolFiles } from "../support/printvakt-data.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";

let printer: IppEvePrinter;
let dataDir: string | undefined;
let screenToken = "";
let agentToken = "";
let readerToken = "";
let interruptedJob = 0;
const servers: ServerProcess[] = [];
const clients: KioskClient[] = [];

afterAll(async () => {
  for (const client of clients) client.close();
  printer?.resume();
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
async function printJobsReceived(): Promise<number> {
  return (await printer.requests()).filter((request) => request.operation === "Print-Job").length;
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
  printer = await startIppEvePrinter();
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

  // The printer stops answering, so the release hangs on its way out; then the server is killed.
  printer.pause();
  const { screen, sessionId } = await screenSession(first);
  const release = await screen.emit("session:release", { sessionId, jobIds: [interruptedJob], idempotencyKey: "crash-release-1" });
  expect(release, JSON.stringify(release)).toMatchObject({ results: [{ jobId: interruptedJob, outcome: "accepted" }] });
  await screen.next("job:progress", (event) => event.jobId === interruptedJob && event.state === "sending");
  expect((await jobOf(first.dataDir, interruptedJob))!.state).toBe("releasing");
  expect(await first.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
  printer.resume();

  const second = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: first.dataDir });
  servers.push(second);
  const job = (await jobOf(first.dataDir, interruptedJob))!;
  expect(job).toMatchObject({ state: "may-have-printed", stateReason: "release interrupted" });
  expect(job.wrappedKey).not.toBeNull();
  expect(await spoolFiles(first.dataDir)).toEqual([`${job.spoolId}.pvs`]);
  const unknown = (await auditEntries(first.dataDir)).filter((entry) => entry.type === "job.release-unknown");
  expect(unknown.map((entry) => [entry.subject, entry.details])).toEqual([[`job:${interruptedJob}`, { owner: "erik", printer: "Plan 5", reason: "release interrupted" }]]);

  // Whatever the paused printer took in before the kill is counted before the badge.
  const receivedBefore = await printJobsReceived();
  const reader = await kiosk(second, readerToken, "agent");
  expect(await reader.emit("card:present", { card: "4242424" })).toMatchObject({ ok: true, outcome: "claimed", claimed: 0 });
  expect(await reader.next("release:finished")).toMatchObject({ outcome: "no-jobs", printed: 0, failed: 0, mayHavePrinted: 0, jobs: [] });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await printJobsReceived()).toBe(receivedBefore);
  expect((await jobOf(first.dataDir, interruptedJob))!.state).toBe("may-have-printed");
}, 150_000);

test("at a screen kiosk the owner is warned where it may have printed, and only a confirmed release prints it, exactly once", async () => {
  const server = servers[1]!;
  const { screen, sessionId, jobs } = await screenSession(server);
  const listed = jobs.find((job) => job.id === interruptedJob);
  expect(listed).toMatchObject({ state: "may-have-printed", mayHavePrinted: { printer: "Plan 5" } });
  const receivedBefore = await printJobsReceived();
  const documentsBefore = (await printer.documents()).length;

  const unconfirmed = await screen.emit("session:release", { sessionId, jobIds: [interruptedJob], idempotencyKey: "reprint-unconfirmed" });
  expect(unconfirmed).toMatchObject({ results: [{ jobId: interruptedJob, outcome: "needs-confirmation" }] });
  const all = await screen.emit("session:release", { sessionId, jobIds: "all", idempotencyKey: "reprint-all" });
  expect(all, "print all never includes a job that may have printed").toMatchObject({ results: [] });

  const confirmed = await screen.emit("session:release", { sessionId, jobIds: [interruptedJob], idempotencyKey: "reprint-confirmed", confirmReprint: true });
  expect(confirmed).toMatchObject({ results: [{ jobId: interruptedJob, outcome: "accepted" }] });
  await screen.next("job:progress", (event) => event.jobId === interruptedJob && event.state === "printed", 30_000);
  await printer.waitForDocuments(documentsBefore + 1);
  expect(await printJobsReceived()).toBe(receivedBefore + 1);
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
  const receivedBefore = await printJobsReceived();
  const documentsBefore = (await printer.documents()).length;
  const answers = await Promise.all(["race-one", "race-two", "race-three"].map((key) => screen.emit("session:release", { sessionId, jobIds: [jobId], idempotencyKey: `${key}-${jobId}` })));
  const outcomes = answers.map((answer) => (answer.results as Array<{ outcome: string }>)[0]!.outcome).sort();
  expect(outcomes).toEqual(["accepted", "not-found", "not-found"]);
  await printer.waitForDocuments(documentsBefore + 1);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await printJobsReceived()).toBe(receivedBefore + 1);

  expect(await server.stop("SIGTERM")).toEqual({ code: 0, signal: null });
  const verify = await runPrintvakt(["audit", "verify"], { env: { PRINTVAKT_DATA_DIR: server.dataDir } });
  expect(verify.stdout).toMatch(/^audit log intact: /);
  expect(verify.code).toBe(0);
}, 60_000);
