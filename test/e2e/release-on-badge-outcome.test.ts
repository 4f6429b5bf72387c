// A reader-only kiosk learns the real end of each badge: the acknowledgement says what was claimed,
// `release:finished` then says what printed. Real server, real socket.io, a real ippeveprinter for
// paper, and a scripted IPP printer for the ways a printer refuses.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { IppStatus } from "../../core/ipp/codec/status.js";
import { attr, enumValue, integer, jobGroup, keyword } from "../../core/ipp/codec/values.js";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { MAY_HAVE_PRINTED_REASON } from "../../server/release/release-service.js";
import { readAudit } from "../../server/store/audit-log.js";
import { setDisabled } from "../../server/store/directory-people.js";
import { findJob } from "../../server/store/jobs.js";
import { findUserByName } from "../../server/store/users.js";
import { freePort } from "../support/free-port.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { startIppEvePrinter, type IppEvePrinter } from "../support/ippeveprinter.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { asCli } from "../support/printer-destination.js";
import { printJob } from "../support/print-requests.js";
import { startFakeIppPrinter, type FakeAnswer, type FakeIppPrinter, type RecordedRequest } from "../support/printers/fake-ipp-printer.js";
import { auditRows } from "../support/database-rows.js";

const admin = { label: "admin:test", role: "admin" as const };
let server: InProcessServer;
let paper: IppEvePrinter;
const fakes: FakeIppPrinter[] = [];
const clients: KioskClient[] = [];
let nextCard = 5_000_000;

/** The printer took the job, then stopped it: job-state aborted when asked. */
const abortsEveryJob = (request: RecordedRequest): FakeAnswer | undefined =>
  request.message.code === IppOperation.getJobAttributes
    ? { status: 0, groups: [jobGroup([attr("job-id", integer(7)), attr("job-state", enumValue(8)), attr("job-state-reasons", keyword("aborted-by-system"))])] }
    : undefined;

/** Refuses every Print-Job with a status that says it cannot read the document. */
const refusesEveryDocument = (request: RecordedRequest): FakeAnswer | undefined =>
  request.message.code === IppOperation.printJob ? { status: IppStatus.clientErrorDocumentFormatError } : undefined;

/** Reads the whole document, then drops the connection without an answer: it may have printed. */
const resetsAfterTheDocument = (request: RecordedRequest): FakeAnswer | undefined => (request.message.code === IppOperation.printJob ? { reset: true } : undefined);

/** Prints the first job and refuses every later one. */
const printsOnlyTheFirst = (request: RecordedRequest): FakeAnswer | undefined =>
  request.message.code === IppOperation.printJob && request.indexOfOperation > 0 ? { status: IppStatus.clientErrorDocumentFormatError } : undefined;

async function fakePrinter(answer: (request: RecordedRequest) => FakeAnswer | undefined, formats?: string[]): Promise<FakeIppPrinter> {
  const printer = await startFakeIppPrinter({ answer, ...(formats ? { formats } : {}) });
  fakes.push(printer);
  return printer;
}

/** A person with `jobs` held jobs and a reader-only kiosk in front of a printer at `uri`. */
async function readerOnlyKiosk(name: string, uri: string, jobs: number): Promise<{ agent: KioskClient; card: string; jobIds: number[] }> {
  const db = server.context.db;
  const card = String(nextCard++);
  await addPrinter(db, admin, { name, uri }, asCli(server.context));
  const tokens = await addKiosk(db, admin, { name: `${name} reader`, printer: name, releaseOnBadge: true }, "cli");
  const username = name.toLowerCase().replaceAll(" ", "-");
  await addUser(db, admin, server.context, { username, displayName: name, cards: [card] });
  const jobIds: number[] = [];
  for (let index = 0; index < jobs; index += 1) {
    const answer = await printJob(server.port, { user: username, title: `${name} ${index + 1}`, document: makePdf({ text: `${name} job ${index + 1}` }) });
    expect(answer.status).toBe("successful-ok");
    jobIds.push(answer.jobId!);
  }
  const agent = await connectKiosk(server.baseUrl, tokens.agentToken!, "agent");
  clients.push(agent);
  return { agent, card, jobIds };
}

async function auditTypesOf(jobId: number): Promise<string[]> {
  const rows = await auditRows(server.context.db, { subject: `job:${jobId}` });
  return rows.map((row) => row.type);
}

const printJobsAt = (printer: FakeIppPrinter) => printer.requests.filter((request) => request.message.code === IppOperation.printJob).length;

beforeAll(async () => {
  paper = await startIppEvePrinter();
  // An unreachable printer is tried again for PRINTVAKT_PRINTER_RETRY_FOR (5 min by default): 1 s here.
  server = await startInProcessServer({ PRINTVAKT_PRINTER_RETRY_FOR: "1s" });
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.stop();
  await paper?.stop();
  for (const printer of fakes) await printer.stop();
});

describe("a badge at a reader-only kiosk", () => {
  test("every job printed: claimed at once, then printed with one result per job", async () => {
    const { agent, card, jobIds } = await readerOnlyKiosk("Plan 1", paper.uri, 2);
    const before = (await paper.documents()).length;

    const answer = await agent.emit("card:present", { card });
    expect(answer).toEqual({ ok: true, outcome: "claimed", sessionId: expect.any(String), claimed: 2, kept: 0, reasons: [] });
    expect(await agent.next("badge:answered")).toEqual({ outcome: "printing", printing: 2, needPin: 0, sessionId: answer.sessionId });
    const finished = await agent.next("release:finished", undefined, 60_000);

    expect(finished).toEqual({
      sessionId: answer.sessionId,
      outcome: "printed",
      printed: 2,
      failed: 0,
      mayHavePrinted: 0,
      jobs: expect.arrayContaining(jobIds.map((jobId) => ({ jobId, result: "printed" }))),
    });
    expect(finished.jobs).toHaveLength(2);
    expect(await paper.waitForDocuments(before + 2)).toHaveLength(before + 2);
    for (const jobId of jobIds) expect(await findJob(server.context.db, jobId)).toMatchObject({ state: "released" });
    expect(agent.events.filter((entry) => entry.event === "release:finished")).toEqual([]);
  }, 90_000);

  test.each([
    { printer: "Aborts", behaviour: abortsEveryJob, reason: /The printer stopped the job \(aborted-by-system\)/ },
    { printer: "Refuses", behaviour: refusesEveryDocument, reason: /The printer cannot print this document/ },
  ])("a printer that takes nothing ($printer): nothing printed, the job held again with the reason", async ({ printer: name, behaviour, reason }) => {
    const printer = await fakePrinter(behaviour);
    const { agent, card, jobIds } = await readerOnlyKiosk(name, printer.uri, 1);
    const [jobId] = jobIds as [number];

    const answer = await agent.emit("card:present", { card });
    expect(answer).toMatchObject({ ok: true, outcome: "claimed", claimed: 1, kept: 0 });
    const finished = await agent.next("release:finished", undefined, 60_000);

    expect(finished).toEqual({ sessionId: answer.sessionId, outcome: "nothing-printed", printed: 0, failed: 1, mayHavePrinted: 0, jobs: [{ jobId, result: "failed", reason: expect.stringMatching(reason) }] });
    const job = await findJob(server.context.db, jobId);
    expect(job).toMatchObject({ state: "held" });
    expect(job!.stateReason).toMatch(reason);
    expect(await auditTypesOf(jobId)).toEqual(["job.submitted", "job.release-failed"]);
    expect(printJobsAt(printer)).toBe(1);
  }, 90_000);

  test("a printer that cannot be reached: nothing printed, the job held", async () => {
    const { agent, card, jobIds } = await readerOnlyKiosk("Unplugged", `ipp://127.0.0.1:${await freePort()}/ipp/print`, 1);
    const [jobId] = jobIds as [number];

    const answer = await agent.emit("card:present", { card });
    expect(answer).toMatchObject({ ok: true, outcome: "claimed", claimed: 1 });
    const finished = await agent.next("release:finished", undefined, 60_000);

    expect(finished).toMatchObject({ outcome: "nothing-printed", printed: 0, failed: 1, mayHavePrinted: 0, jobs: [{ jobId, result: "failed", reason: expect.stringMatching(/cannot be reached/) }] });
    expect(await findJob(server.context.db, jobId)).toMatchObject({ state: "held" });
    expect(await auditTypesOf(jobId)).toEqual(["job.submitted", "job.release-failed"]);
  }, 90_000);

  test("a printer that took the document and then hung up: may have printed, never sent again", async () => {
    const printer = await fakePrinter(resetsAfterTheDocument);
    const { agent, card, jobIds } = await readerOnlyKiosk("Hangs up", printer.uri, 1);
    const [jobId] = jobIds as [number];

    await agent.emit("card:present", { card });
    const finished = await agent.next("release:finished", undefined, 60_000);

    expect(finished).toMatchObject({ outcome: "may-have-printed", printed: 0, failed: 0, mayHavePrinted: 1, jobs: [{ jobId, result: "may-have-printed", reason: MAY_HAVE_PRINTED_REASON }] });
    expect(await findJob(server.context.db, jobId)).toMatchObject({ state: "may-have-printed" });
    expect(await auditTypesOf(jobId)).toEqual(["job.submitted", "job.release-unknown"]);
    expect(printJobsAt(printer)).toBe(1);
  }, 90_000);

  test("one job printed and one refused: partly printed, the refused one held", async () => {
    const printer = await fakePrinter(printsOnlyTheFirst);
    const { agent, card, jobIds } = await readerOnlyKiosk("Half", printer.uri, 2);

    await agent.emit("card:present", { card });
    const finished = await agent.next("release:finished", undefined, 60_000);

    expect(finished).toMatchObject({ outcome: "partly-printed", printed: 1, failed: 1, mayHavePrinted: 0 });
    const results = finished.jobs as { jobId: number; result: string }[];
    expect(results.map((entry) => entry.jobId).sort()).toEqual([...jobIds].sort());
    const states = await Promise.all(results.map(async (entry) => [entry.result, (await findJob(server.context.db, entry.jobId))!.state]));
    expect(states.sort()).toEqual([
      ["failed", "held"],
      ["printed", "released"],
    ]);
  }, 90_000);

  test("jobs the printer cannot take are refused before sending: claimed 0, and the result still follows the acknowledgement", async () => {
    // Only JPEG: no language Printvakt converts a PDF to.
    const printer = await fakePrinter(() => undefined, ["image/jpeg"]);
    const { agent, card, jobIds } = await readerOnlyKiosk("Raster only", printer.uri, 1);
    const [jobId] = jobIds as [number];
    await server.refreshPrinters(); // the server learns the printer's formats, as it does every minute
    const order: string[] = [];
    agent.socket.on("release:finished", () => order.push("release:finished"));

    const answer = await new Promise<Record<string, unknown>>((resolve, reject) =>
      agent.socket.timeout(10_000).emit("card:present", { card }, (error: Error | null, reply: Record<string, unknown>) => {
        order.push("acknowledgement");
        if (error) reject(error);
        else resolve(reply);
      }),
    );
    const finished = await agent.next("release:finished");

    expect(answer).toMatchObject({ ok: true, outcome: "claimed", claimed: 0, kept: 1, reasons: ["Raster only cannot print application/pdf documents, and they cannot be converted for it"] });
    expect(await agent.next("badge:answered")).toEqual({ outcome: "cannot-print-here", sessionId: answer.sessionId });
    expect(finished).toEqual({ sessionId: answer.sessionId, outcome: "nothing-printed", printed: 0, failed: 1, mayHavePrinted: 0, jobs: [{ jobId, result: "failed", reason: "Raster only cannot print application/pdf documents, and they cannot be converted for it" }] });
    expect(order).toEqual(["acknowledgement", "release:finished"]);
    expect(printJobsAt(printer)).toBe(0);
  });

  test("a person with nothing held is told so", async () => {
    const { agent, card } = await readerOnlyKiosk("Empty", paper.uri, 0);
    expect(await agent.emit("card:present", { card })).toMatchObject({ ok: true, outcome: "claimed", claimed: 0, kept: 0 });
    expect(await agent.next("release:finished")).toMatchObject({ outcome: "no-jobs", printed: 0, failed: 0, mayHavePrinted: 0, jobs: [] });
    expect(await agent.next("badge:answered")).toEqual({ outcome: "nothing-to-print", sessionId: expect.any(String) });
  });
});

describe("the status screen of a reader-only kiosk", () => {
  test("hears each badge's outcome and nothing else — no title, no name — and may not act on sessions or link cards", async () => {
    const db = server.context.db;
    await addPrinter(db, admin, { name: "Status desk", uri: paper.uri }, asCli(server.context));
    const tokens = await addKiosk(db, admin, { name: "Status desk reader", printer: "Status desk", releaseOnBadge: true }, "cli");
    await addUser(db, admin, server.context, { username: "ines", displayName: "Ines Ingvarsdotter", cards: ["7100001"] });
    await addUser(db, admin, server.context, { username: "olof", displayName: "Olof Oskarsson", cards: ["7100002"], pin: "4711" });
    for (const [title, jobPassword] of [["Hemlig journal.pdf", undefined], ["Lönespecifikation.pdf", "2580"]] as const) {
      expect((await printJob(server.port, { user: "ines", title, document: makePdf({ text: title }), jobPassword })).status).toBe("successful-ok");
    }
    const agent = await connectKiosk(server.baseUrl, tokens.agentToken!, "agent");
    const screen = await connectKiosk(server.baseUrl, tokens.token, "screen");
    clients.push(agent, screen);

    const claimed = await agent.emit("card:present", { card: "7100001" });
    expect(claimed).toMatchObject({ ok: true, outcome: "claimed", claimed: 1, kept: 1 });
    expect(await screen.next("badge:answered")).toEqual({ outcome: "printing", printing: 1, needPin: 1, sessionId: claimed.sessionId });
    expect(await agent.emit("card:present", { card: "7100002" })).toMatchObject({ ok: true, outcome: "pin-required" });
    expect(await screen.next("badge:answered")).toEqual({ outcome: "pin-needed" });
    expect(await agent.emit("card:present", { card: "7199999" })).toEqual({ ok: true, outcome: "unknown-card" });
    expect(await screen.next("badge:answered")).toEqual({ outcome: "card-unknown" });
    // A person the directory disabled: refused, and the screen is not told whose card it was.
    await addUser(db, admin, server.context, { username: "petra", displayName: "Petra Persdotter", cards: ["7100003"] });
    const petra = await findUserByName(db, "petra");
    await db.write((tx) => setDisabled(tx, petra!.id, "disabled", new Date()));
    expect(await agent.emit("card:present", { card: "7100003" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await screen.next("badge:answered")).toEqual({ outcome: "card-refused" });
    await screen.next("release:finished", undefined, 60_000);

    // Its screen only shows: every session action and card linking is refused, and recorded.
    const sessionId = claimed.sessionId;
    const refusals = await Promise.all([
      screen.emit("session:release", { sessionId, jobIds: "all", idempotencyKey: "status-screen-1" }),
      screen.emit("session:pin", { sessionId, pin: "4711" }),
      screen.emit("session:logout", { sessionId }),
      screen.emit("card:link", { linkId: "00000000-0000-4000-8000-000000000000", secret: "ABCD2345", kind: "enrolment-code" }),
    ]);
    for (const refusal of refusals) expect(refusal).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const audited = [];
    for await (const entry of readAudit(db, { types: ["kiosk.refused"], kiosk: "Status desk reader" })) audited.push(entry.details.event);
    expect(audited.sort()).toEqual(["card:link", "session:logout", "session:pin", "session:release"]);

    const heard = JSON.stringify(screen.events);
    for (const secret of ["Hemlig", "Lönespecifikation", "Ines", "Ingvarsdotter", "Olof", "Oskarsson", "Petra", "Persdotter"]) expect(heard).not.toContain(secret);
    expect(screen.events.map((entry) => entry.event)).not.toContain("card:unknown");
    expect(screen.events.map((entry) => entry.event)).not.toContain("session:pin-required");
  }, 90_000);
});
