// After a failed release the server asks the printer for its state at once, so the kiosk says why
// (out of paper, switched off) instead of a stale "ready" until the next poll (review K9). A real
// ippeveprinter runs out of paper (its print command reports media-empty and aborts the job), then
// is switched off. The periodic poll is set to an hour: any fresh state here came from the failure.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { findJob } from "../../server/store/jobs.js";
import { findPrinterByName } from "../../server/store/printers.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { startIppEvePrinter, type IppEvePrinter } from "../support/ippeveprinter.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { asCli } from "../support/printer-destination.js";
import { printJob } from "../support/print-requests.js";

const admin = { label: "admin:test", role: "admin" as const };
const PRINTER = "Plan 4";
const CARD = "5550001";
let server: InProcessServer;
let paper: IppEvePrinter;
let agent: KioskClient;
let screen: KioskClient;

beforeAll(async () => {
  paper = await startIppEvePrinter();
  server = await startInProcessServer({ PRINTVAKT_PRINTER_RETRY_FOR: "1s" }, { printerRefreshMs: 3_600_000 });
  const { db } = server.context;
  await addPrinter(db, admin, { name: PRINTER, uri: paper.uri }, asCli(server.context));
  await server.refreshPrinters();
  const tokens = await addKiosk(db, admin, { name: "Plan 4 kiosk", printer: PRINTER, releaseOnBadge: false }, "cli");
  await addUser(db, admin, server.context, { username: "greta", displayName: "Greta Ek", cards: [CARD] });
  agent = await connectKiosk(server.baseUrl, tokens.agentToken!, "agent");
  screen = await connectKiosk(server.baseUrl, tokens.token, "screen");
}, 60_000);

afterAll(async () => {
  agent?.close();
  screen?.close();
  await server?.stop();
  await paper?.stop();
});

async function heldJob(title: string): Promise<number> {
  const answer = await printJob(server.port, { user: "greta", title, document: makePdf({ text: title }) });
  expect(answer.status).toBe("successful-ok");
  return answer.jobId!;
}

/** Badges, releases the job from the screen, and resolves with its last progress event. */
async function releaseAndWait(jobId: number): Promise<Record<string, unknown>> {
  expect(await agent.emit("card:present", { card: CARD })).toEqual({ ok: true, outcome: "session" });
  const session = await screen.next("session:started");
  const answer = await screen.emit("session:release", { sessionId: session.sessionId, jobIds: [jobId], idempotencyKey: `refresh-${jobId}` });
  expect(answer).toEqual({ ok: true, results: [{ jobId, outcome: "accepted" }] });
  const end = await screen.next("job:progress", (event) => event.jobId === jobId && (event.state === "printed" || event.state === "failed"), 30_000);
  await screen.emit("session:logout", { sessionId: session.sessionId });
  return end;
}

describe("a failed release refreshes the printer's state at once", () => {
  test("out of paper: the job is held, and the kiosk hears the printer's media-empty reason", async () => {
    const jobId = await heldJob("Kallelse.pdf");
    const before = await findPrinterByName(server.context.db, PRINTER);
    expect(before).toMatchObject({ state: "idle" });
    expect(before!.stateMessage).not.toMatch(/media-empty/);
    await paper.failNextJob("media-empty-error");

    const end = await releaseAndWait(jobId);

    expect(end).toMatchObject({ state: "failed", code: "printer-stopped-job" });
    const status = await screen.next("printer:status", (event) => String(event.message).includes("media-empty"), 15_000);
    expect(status).toMatchObject({ name: PRINTER, state: "idle" });
    expect((await findPrinterByName(server.context.db, PRINTER))!.stateMessage).toMatch(/media-empty/);
    expect(await findJob(server.context.db, jobId)).toMatchObject({ state: "held" });
    // The reader hears it too: the whole kiosk room does.
    expect(agent.events.some((entry) => entry.event === "printer:status" && String(entry.payload.message).includes("media-empty"))).toBe(true);
  }, 90_000);

  test("switched off: once the release gives up, the kiosk hears 'offline' without waiting for the poll", async () => {
    const jobId = await heldJob("Protokoll.pdf");
    await paper.stop();

    const end = await releaseAndWait(jobId);

    expect(end).toMatchObject({ state: "failed", code: "unavailable" });
    const status = await screen.next("printer:status", (event) => event.state === "offline", 15_000);
    expect(status).toMatchObject({ name: PRINTER });
    expect(await findPrinterByName(server.context.db, PRINTER)).toMatchObject({ state: "offline", stateMessage: "printer-unreachable" });
    expect(await findJob(server.context.db, jobId)).toMatchObject({ state: "held" });
  }, 90_000);
});
