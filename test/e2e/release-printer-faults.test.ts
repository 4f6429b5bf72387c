// Release against a scripted printer in each failure mode, through the whole server: a job is
// printed once, still held, or "may have printed", never printed twice; a busy or offline printer
// is waited for while the kiosk is told so; a job the printer keeps "processing" holds another
// person's job up no longer than the tracking bound. Short retry and tracking times stand in for
// the minutes of production.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { findJob } from "../../server/store/jobs.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { asCli } from "../support/printer-destination.js";
import { startFakeIppPrinter, type FakeIppPrinter, type FakePrinterOptions } from "../support/printers/fake-ipp-printer.js";
import { auditRows, firstAuditRow } from "../support/database-rows.js";

const admin = { label: "admin:test", role: "admin" as const };
/** How long the server follows a job the printer accepted; the printer's queue waits at most this. */
const TRACKING_MS = 1_500;
const RETRY_FOR = "2s";
/**
 * Longest one exchange with the printer may take, the Print-Job's upload included; the documents
 * here go in milliseconds. The idle timeout is far longer, so that only the deadline can end an
 * upload a printer takes a little at a time within finished()'s wait (a sender stuck on a full
 * buffer can see no progress for a second or more, which a 1 s idle timeout would end on its own).
 */
const STEP_DEADLINE_MS = 1_000;
const IDLE_TIMEOUT_MS = 30_000;

let server: InProcessServer;
const printers: FakeIppPrinter[] = [];
const clients: KioskClient[] = [];
let people = 0;

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  server = await startInProcessServer(
    { PRINTVAKT_PRINTER_RETRY_FOR: RETRY_FOR },
    { printerDrivers: { ipp: { retry: { initialDelayMs: 50, maxDelayMs: 200 }, pollIntervalMs: 50, jobTimeoutMs: TRACKING_MS, idleTimeoutMs: IDLE_TIMEOUT_MS, responseTimeoutMs: 1_000, stepDeadlineMs: STEP_DEADLINE_MS } } },
  );
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.stop();
  await Promise.all(printers.map((printer) => printer.stop()));
});

interface Desk {
  printer: FakeIppPrinter;
  name: string;
  agent: KioskClient;
  screen: KioskClient;
}

/** A scripted printer (or one already started), registered, with a screen kiosk beside it. */
async function deskWith(name: string, options: FakePrinterOptions, printer?: FakeIppPrinter): Promise<Desk> {
  const fake = printer ?? (await startFakeIppPrinter(options));
  if (!printer) printers.push(fake);
  await addPrinter(server.context.db, admin, { name, uri: fake.uri }, asCli(server.context));
  return anotherKiosk({ printer: fake, name }, `${name} kiosk`);
}

/** A screen kiosk (and its reader) at a registered printer. */
async function anotherKiosk(at: { printer: FakeIppPrinter; name: string }, kioskName: string): Promise<Desk> {
  const tokens = await addKiosk(server.context.db, admin, { name: kioskName, printer: at.name, releaseOnBadge: false }, "cli");
  const agent = await connectKiosk(server.baseUrl, tokens.agentToken!, "agent");
  const screen = await connectKiosk(server.baseUrl, tokens.token, "screen");
  clients.push(agent, screen);
  return { ...at, agent, screen };
}

/** A new person with one held job: their card and the job. */
async function personWithJob(title: string, sizeBytes = 400_000): Promise<{ card: string; jobId: number; document: Buffer }> {
  people += 1;
  const username = `person${people}`;
  const card = String(5_000_000 + people);
  await addUser(server.context.db, admin, server.context, { username, displayName: `Person ${people}`, cards: [card] });
  const document = makePdf({ text: title, padToBytes: sizeBytes });
  const answer = await printJob(server.port, { user: username, title, document });
  expect(answer.status).toBe("successful-ok");
  return { card, jobId: answer.jobId!, document };
}

/** Badges at the desk and releases the one job from the screen; resolves once it is accepted. */
async function release(desk: Desk, person: { card: string; jobId: number }): Promise<void> {
  expect(await desk.agent.emit("card:present", { card: person.card })).toEqual({ ok: true, outcome: "session" });
  const session = await desk.screen.next("session:started");
  const answer = await desk.screen.emit("session:release", { sessionId: session.sessionId, jobIds: [person.jobId], idempotencyKey: `release-${person.jobId}` });
  expect(answer).toEqual({ ok: true, results: [{ jobId: person.jobId, outcome: "accepted" }] });
}

/** The job's last progress event: printed or failed. */
function finished(desk: Desk, jobId: number): Promise<Record<string, unknown>> {
  return desk.screen.next("job:progress", (event) => event.jobId === jobId && (event.state === "printed" || event.state === "failed"), 20_000);
}

function progressStates(desk: Desk, jobId: number): string[] {
  return desk.screen.events.filter((entry) => entry.event === "job:progress" && entry.payload.jobId === jobId).map((entry) => String(entry.payload.state));
}

async function auditTypes(jobId: number): Promise<string[]> {
  const rows = await auditRows(server.context.db, { subject: `job:${jobId}` });
  return rows.map((row) => row.type);
}

async function stateOf(jobId: number): Promise<string | undefined> {
  return (await findJob(server.context.db, jobId))?.state;
}

describe("release to a printer that fails", () => {
  test("busy for a while: the kiosk hears 'waiting, busy' with the next try, then it prints once", async () => {
    const desk = await deskWith("Busy a while", { busyForMs: 600 });
    const person = await personWithJob("Busy report");
    await release(desk, person);
    const waiting = await desk.screen.next("job:progress", (event) => event.jobId === person.jobId && event.state === "waiting");
    expect(waiting).toMatchObject({ reason: "busy" });
    expect(Date.parse(String(waiting.retryAt))).toBeGreaterThan(Date.now() - 1_000);
    expect(Date.parse(String(waiting.retryAt))).toBeLessThan(Date.now() + 1_000);
    expect((await finished(desk, person.jobId)).state).toBe("printed");
    expect(desk.printer.deliveries().map(sha256)).toEqual([sha256(person.document)]);
    expect(await stateOf(person.jobId)).toBe("released");
    expect(await auditTypes(person.jobId)).toEqual(["job.submitted", "job.released"]);
  });

  test("busy beyond the retry time: no delivery, the job is held with the reason", async () => {
    const desk = await deskWith("Busy for ever", { busyForMs: 600_000 });
    const person = await personWithJob("Never printed");
    const started = Date.now();
    await release(desk, person);
    const failed = await finished(desk, person.jobId);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(String(failed.reason)).toMatch(/busy/);
    expect(progressStates(desk, person.jobId)).toContain("waiting");
    expect(desk.printer.deliveries()).toHaveLength(0);
    expect(await stateOf(person.jobId)).toBe("held");
    expect(await auditTypes(person.jobId)).toEqual(["job.submitted", "job.release-failed"]);
  });

  test("offline (connection refused), then back: the kiosk hears 'waiting, offline', then it prints once", async () => {
    const gone = await startFakeIppPrinter({});
    const port = Number(new URL(gone.uri).port);
    await gone.stop();
    const desk = await deskWith("Switched off", {}, gone);
    const person = await personWithJob("Printed after all");
    await release(desk, person);
    expect(await desk.screen.next("job:progress", (event) => event.jobId === person.jobId && event.state === "waiting")).toMatchObject({ reason: "offline" });
    const back = await startFakeIppPrinter({ port });
    printers.push(back);
    expect((await finished(desk, person.jobId)).state).toBe("printed");
    expect(back.deliveries().map(sha256)).toEqual([sha256(person.document)]);
    expect(await stateOf(person.jobId)).toBe("released");
  });

  test.each([
    { mode: "reads everything, then resets", printer: "Resets at the end", options: { answer: (request: { message: { code: number } }) => (request.message.code === IppOperation.printJob ? { reset: true as const } : undefined) }, deliveries: 1 },
    { mode: "resets midway", printer: "Resets midway", options: { resetAfterOctets: 64 * 1024 }, deliveries: 0 },
    { mode: "stalls after taking the document", printer: "Stalls", options: { stall: true }, deliveries: 1 },
  ])("$mode: $deliveries delivery, never resent, the job may have printed", async ({ mode, printer, options, deliveries }) => {
    const desk = await deskWith(printer, options);
    const person = await personWithJob(`Unknown outcome (${mode})`);
    await release(desk, person);
    const failed = await finished(desk, person.jobId);
    expect(failed.state).toBe("failed");
    expect(String(failed.reason)).toMatch(/may already have printed/);
    expect(desk.printer.deliveries()).toHaveLength(deliveries);
    expect(desk.printer.requests.filter((request) => request.message.code === IppOperation.printJob).length).toBeLessThanOrEqual(1);
    expect(progressStates(desk, person.jobId)).not.toContain("waiting");
    expect(await stateOf(person.jobId)).toBe("may-have-printed");
    expect(await auditTypes(person.jobId)).toEqual(["job.submitted", "job.release-unknown"]);
  });

  test("takes the document a little at a time: the deadline ends the release, no delivery, never resent, the job may have printed", async () => {
    const desk = await deskWith("Trickles", { trickleRequests: true });
    // Read every 100 ms, 32 MB would take the printer about a minute: without the deadline the
    // release is still sending when finished() gives up, and the printer's queue waits on it.
    const person = await personWithJob("Taken a little at a time", 32_000_000);
    await release(desk, person);
    const failed = await finished(desk, person.jobId);
    expect(failed.state).toBe("failed");
    expect(String(failed.reason)).toMatch(/may already have printed/);
    expect(desk.printer.deliveries()).toHaveLength(0);
    expect(desk.printer.requests.filter((request) => request.message.code === IppOperation.printJob)).toHaveLength(0);
    expect(await stateOf(person.jobId)).toBe("may-have-printed");
    expect(await auditTypes(person.jobId)).toEqual(["job.submitted", "job.release-unknown"]);
  });

  test("the printer aborts the job: one delivery, the job is held with the printer's reason", async () => {
    const desk = await deskWith("Aborts", { jobState: { state: 8, reasons: ["aborted-by-system"] } });
    const person = await personWithJob("Aborted");
    await release(desk, person);
    const failed = await finished(desk, person.jobId);
    expect(String(failed.reason)).toMatch(/stopped the job \(aborted-by-system\)/);
    expect(desk.printer.deliveries()).toHaveLength(1);
    expect(await stateOf(person.jobId)).toBe("held");
    expect(await auditTypes(person.jobId)).toEqual(["job.submitted", "job.release-failed"]);
  });

  test("a job the printer keeps processing is released as sent, and holds the next person's job up no longer than the tracking bound", async () => {
    const desk = await deskWith("Processing for ever", { jobState: { state: 5, reasons: ["job-printing"] } });
    // A second kiosk at the same printer, for the second person.
    const second = await anotherKiosk(desk, "Processing for ever kiosk 2");
    const first = await personWithJob("Stuck in the printer");
    const next = await personWithJob("Someone else's");
    await release(desk, first);
    await desk.screen.next("job:progress", (event) => event.jobId === first.jobId && event.state === "sending");
    await expect.poll(() => desk.printer.deliveries().length, { timeout: 5_000, interval: 20 }).toBe(1);
    const firstSentAt = Date.now();
    await release(second, next);
    await expect.poll(() => desk.printer.deliveries().length, { timeout: TRACKING_MS + 3_000, interval: 20 }).toBe(2);
    const heldUpFor = Date.now() - firstSentAt;
    expect(heldUpFor).toBeLessThan(TRACKING_MS + 1_000);
    expect(desk.printer.deliveries().map(sha256)).toEqual([sha256(first.document), sha256(next.document)]);
    expect((await finished(desk, first.jobId)).state).toBe("printed");
    expect((await finished(second, next.jobId)).state).toBe("printed");
    expect(await stateOf(first.jobId)).toBe("released");
    const entry = await firstAuditRow(server.context.db, { subject: `job:${first.jobId}`, types: ["job.released"] });
    expect(entry!.details).toMatchObject({ finalState: "sent" });
  });
});
