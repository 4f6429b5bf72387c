// A server killed (SIGKILL) while a job is on its way to the printer: after a restart the job is
// held again with its key and file, nothing else is left over, and the audit chain verifies.
import { rm } from "node:fs/promises";
import { afterAll, expect, test } from "vitest";
import { connectKiosk } from "../support/kiosk-client.js";
import { startIppEvePrinter, type IppEvePrinter } from "../support/ippeveprinter.js";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { jobOf, spoolFiles } from "../support/printvakt-data.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";

let printer: IppEvePrinter | undefined;
let dataDir: string | undefined;
const servers: ServerProcess[] = [];

afterAll(async () => {
  printer?.resume();
  for (const server of servers) await server.stop("SIGKILL");
  await printer?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("a release interrupted by SIGKILL leaves the job held, its file and key intact, and a chain that verifies", async () => {
  printer = await startIppEvePrinter();
  const first = await startPrintvaktServer();
  servers.push(first);
  dataDir = first.dataDir;
  const cli = (args: string[]) => runPrintvakt(args, { env: { PRINTVAKT_DATA_DIR: first.dataDir } });
  expect((await cli(["printer", "add", "Plan 5", "--uri", printer.uri])).code).toBe(0);
  const token = (await cli(["kiosk", "add", "Plan 5 kiosk", "--printer", "Plan 5"])).stdout.trim();
  expect((await cli(["user", "add", "erik", "--card", "4242424"])).code).toBe(0);
  const submitted = await printJob(first.port, { user: "erik", title: "Utredning", document: makePdf({ text: "crash during release" }) });
  expect(submitted.status).toBe("successful-ok");
  const jobId = submitted.jobId!;

  // The printer stops answering, so the release hangs on its way out; then the server is killed.
  printer.pause();
  const screen = await connectKiosk(first.baseUrl, token, "screen");
  const agent = await connectKiosk(first.baseUrl, token, "agent");
  await agent.emit("card:present", { card: "4242424" });
  const session = await screen.next("session:started");
  const release = await screen.emit("session:release", { sessionId: session.sessionId, jobIds: [jobId], idempotencyKey: "crash-release-1" });
  expect(release, JSON.stringify(release)).toMatchObject({ results: [{ jobId, outcome: "accepted" }] });
  await screen.next("job:progress", (event) => event.jobId === jobId && event.state === "sending");
  expect((await jobOf(first.dataDir, jobId))!.state).toBe("releasing");
  screen.close();
  agent.close();
  expect(await first.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
  printer.resume();

  const second = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: first.dataDir });
  servers.push(second);
  const job = (await jobOf(first.dataDir, jobId))!;
  expect(job).toMatchObject({ state: "held", stateReason: "release interrupted" });
  expect(job.wrappedKey).not.toBeNull();
  expect(await spoolFiles(first.dataDir)).toEqual([`${job.spoolId}.pvs`]);
  expect(await second.stop("SIGTERM")).toEqual({ code: 0, signal: null });
  const verify = await runPrintvakt(["audit", "verify"], { env: { PRINTVAKT_DATA_DIR: first.dataDir } });
  expect(verify.stdout).toMatch(/^audit log intact: /);
  expect(verify.code).toBe(0);
}, 120_000);
