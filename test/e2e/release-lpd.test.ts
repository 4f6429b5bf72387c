// Release to LPD printers (RFC 1179), all the way: CUPS's lp submits to Printvakt's queue, the
// owner badges at a kiosk beside a printer added with `printvakt printer add --uri lpd://...`, and
// the document goes over LPD to cups-lpd (run by socat as inetd would), into a private cupsd and
// out of its queue to a raw listener: the bytes that arrive there are the bytes lp sent. A queue the
// LPD server does not have is refused before any byte of the document leaves (job still held); a
// server that drops the connection once it has the document leaves the job "may have printed".
import { createHash } from "node:crypto";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addUser } from "../../server/admin/users.js";
import { readAudit } from "../../server/store/audit-log.js";
import { heldJobViews } from "../../server/realtime/session-view.js";
import { findJob, listJobsOfOwner } from "../../server/store/jobs.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { startLpdServer, type LpdServer } from "../support/lpd-server.js";
import { makePdf } from "../support/pdf.js";
import { languageOf, pageCount } from "../support/printed-pages.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { startFakeLpd, type FakeLpd } from "../support/printers/fake-lpd-server.js";
import { runCommand } from "../support/processes.js";
import { requireTool } from "../support/tools.js";

const admin = { label: "admin:test", role: "admin" as const };
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let scratch: string;
let server: InProcessServer;
let lpd: LpdServer;
let dropping: FakeLpd;
const clients: KioskClient[] = [];
let people = 0;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "printvakt-lpd-"));
  await chmod(scratch, 0o755);
  lpd = await startLpdServer();
  dropping = await startFakeLpd({ afterData: "close" });
  // LPD printers, like raw ones, may be on loopback only where the networks are listed.
  server = await startInProcessServer({ PRINTVAKT_PRINTER_NETWORKS: "127.0.0.0/8" }, { printerDrivers: { lpd: { ackTimeoutMs: 5_000, closeTimeoutMs: 5_000 } } });
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.stop();
  await lpd?.stop();
  await dropping?.close();
  await rm(scratch, { recursive: true, force: true });
});

// No lpoptions, client.conf or CUPS_SERVER from the machine.
function clientEnv(): NodeJS.ProcessEnv {
  const { CUPS_SERVER: _server, CUPS_USER: _user, ...rest } = process.env;
  return { ...rest, HOME: scratch, LC_ALL: "C" };
}

/** `printvakt printer add NAME --uri URI --language LANGUAGE`, as an admin runs it next to the server. */
async function addLpdPrinter(name: string, uri: string, language = "pdf"): Promise<void> {
  const added = await runPrintvakt(["printer", "add", name, "--uri", uri, "--language", language], { env: { PRINTVAKT_DATA_DIR: server.dataDir, PRINTVAKT_PRINTER_NETWORKS: "127.0.0.0/8" } });
  expect(added.code, added.stderr).toBe(0);
  expect(added.stdout).toContain(`declared: ${language} monochrome simplex iso_a4_210x297mm (declared)`);
}

/** A new person, a document they print with lp, and a screen kiosk (with its reader) at the printer. */
async function personAtKiosk(printer: string): Promise<{ username: string; card: string; jobId: number; document: Buffer; agent: KioskClient; screen: KioskClient }> {
  people += 1;
  const username = `lpduser${people}`;
  const card = String(7_000_000 + people);
  await addUser(server.context.db, admin, server.context, { username, displayName: `LPD ${people}`, cards: [card] });
  const document = makePdf({ pages: 2, text: `Lönespecifikation ${people}`, padToBytes: 200_000 });
  const file = join(scratch, `document-${people}.pdf`);
  await writeFile(file, document, { mode: 0o644 });
  const lp = await runCommand(requireTool("lp"), ["-h", `127.0.0.1:${server.port}`, "-U", username, "-d", "secure", "-t", `Lönespecifikation ${people}`, file], { env: clientEnv() });
  expect(lp.exitCode, lp.stderr).toBe(0);
  const [job] = await listJobsOfOwner(server.context.db, username, ["held"]);
  expect(job).toBeDefined();
  const tokens = await addKiosk(server.context.db, admin, { name: `${printer} kiosk ${people}`, printer, releaseOnBadge: false }, "cli");
  const agent = await connectKiosk(server.baseUrl, tokens.agentToken!, "agent");
  const screen = await connectKiosk(server.baseUrl, tokens.token, "screen");
  clients.push(agent, screen);
  return { username, card, jobId: job!.id, document, agent, screen };
}

/** Badges, releases the one job from the screen, and resolves with its last progress event. */
async function releaseAtKiosk(person: Awaited<ReturnType<typeof personAtKiosk>>): Promise<Record<string, unknown>> {
  expect(await person.agent.emit("card:present", { card: person.card })).toEqual({ ok: true, outcome: "session" });
  const session = await person.screen.next("session:started");
  const answer = await person.screen.emit("session:release", { sessionId: session.sessionId, jobIds: [person.jobId], idempotencyKey: `release-lpd-${person.jobId}` });
  expect(answer).toEqual({ ok: true, results: [{ jobId: person.jobId, outcome: "accepted" }] });
  return person.screen.next("job:progress", (event) => event.jobId === person.jobId && (event.state === "printed" || event.state === "failed"), 30_000);
}

async function auditTypes(jobId: number): Promise<string[]> {
  const types: string[] = [];
  for await (const entry of readAudit(server.context.db, { subject: `job:${jobId}` })) types.push(entry.type);
  return types;
}

describe("release to an LPD printer", () => {
  test("lp → Printvakt → kiosk → LPD → cupsd: the printer's queue gets the very bytes lp sent", async () => {
    const sink = await lpd.addQueue("laser");
    await addLpdPrinter("LPD Laser", lpd.uri("laser"));
    const person = await personAtKiosk("LPD Laser");
    expect(await releaseAtKiosk(person)).toMatchObject({ state: "printed" });
    const [printed] = await sink.waitForJobs(1, 30_000);
    expect(sha256(printed!)).toBe(sha256(person.document));
    expect((await findJob(server.context.db, person.jobId))?.state).toBe("released");
    expect(await auditTypes(person.jobId)).toEqual(["job.submitted", "job.released"]);
  });

  test("an LPD printer declared PCL XL gets the job converted: PCL XL with the document's 2 pages, its length announced first", async () => {
    const sink = await lpd.addQueue("pclxl");
    await addLpdPrinter("LPD PCL XL", lpd.uri("pclxl"), "pclxl");
    const person = await personAtKiosk("LPD PCL XL");
    expect(await releaseAtKiosk(person)).toMatchObject({ state: "printed" });
    const [printed] = await sink.waitForJobs(1, 30_000);
    expect(languageOf(printed!)).toBe("pclxl");
    expect(pageCount(printed!)).toBe(2);
    expect((await findJob(server.context.db, person.jobId))?.state).toBe("released");
  });

  test("a queue the LPD server does not have: refused before the document, the kiosk says so, the job stays held", async () => {
    await addLpdPrinter("LPD No Queue", lpd.uri("nosuchqueue"));
    const person = await personAtKiosk("LPD No Queue");
    expect(await releaseAtKiosk(person)).toMatchObject({ state: "failed", code: "printer-refused" });
    expect(person.screen.events.some((entry) => entry.event === "job:progress" && entry.payload.state === "sending")).toBe(true);
    expect(await findJob(server.context.db, person.jobId)).toMatchObject({ state: "held", stateReasonCode: "printer-refused" });
    expect(await auditTypes(person.jobId)).toEqual(["job.submitted", "job.release-failed"]);
    // At the next badge the screen gets the code to word in the person's language, not English text.
    expect(await heldJobViews(server.context, person.username)).toMatchObject([{ id: person.jobId, state: "held", stateReasonCode: "printer-refused", reason: "" }]);
  });

  test("a server that closes the connection once it has the document: may have printed, never sent again", async () => {
    await addLpdPrinter("LPD Drops", dropping.uri.href);
    const person = await personAtKiosk("LPD Drops");
    expect(await releaseAtKiosk(person)).toMatchObject({ state: "failed", code: "may-have-printed" });
    // Status checks open and close the port too; the jobs are the connections that carried a document.
    const jobs = dropping.received.filter((connection) => connection.data !== undefined);
    expect(jobs).toHaveLength(1);
    expect(sha256(jobs[0]!.data!)).toBe(sha256(person.document));
    expect(jobs[0]!.control).toMatch(/^JPrintvakt$/m);
    expect(await findJob(server.context.db, person.jobId)).toMatchObject({ state: "may-have-printed", stateReasonCode: "may-have-printed" });
    expect(await auditTypes(person.jobId)).toEqual(["job.submitted", "job.release-unknown"]);
  });
});
