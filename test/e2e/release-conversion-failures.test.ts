// Conversions that fail at release, end to end (issue 14): Ghostscript running out of its memory
// limit is refused at the kiosk as the conversion limit with the job kept and nothing sent; a
// conversion that fails after its output began streaming to the printer (past the hold-back) has
// sent part of the document, so the job "may have printed", as when a connection is lost mid-way.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { findJob } from "../../server/store/jobs.js";
import { auditDetails } from "../support/database-rows.js";
import { pdfGiantPage } from "../support/hostile-documents.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { startIppEvePrinter, type IppEvePrinter } from "../support/ippeveprinter.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { asCli } from "../support/printer-destination.js";
import { printJob } from "../support/print-requests.js";
import { startRawPrinter, type RawPrinter } from "../support/raw-printer.js";

const admin = { label: "admin:test", role: "admin" as const };
const MiB = 1024 * 1024;
const clients: KioskClient[] = [];
const servers: InProcessServer[] = [];

/** A server with these settings, alice, one printer and its kiosk; returns the server and the kiosk's tokens. */
async function serverWith(env: Record<string, string>, printer: { uri: string; declared?: { language: string } }): Promise<{ server: InProcessServer; agentToken: string; token: string }> {
  const server = await startInProcessServer({ PRINTVAKT_PRINTER_NETWORKS: "127.0.0.0/8", PRINTVAKT_RAW_PRINTER_PORTS: "1024-65535", ...env });
  servers.push(server);
  const db = server.context.db;
  await addUser(db, admin, server.context, { username: "alice", displayName: "Alice", cards: ["1111111"] });
  await addPrinter(db, admin, { name: "Printer", ...printer }, asCli(server.context));
  await server.refreshPrinters();
  const tokens = await addKiosk(db, admin, { name: "Kiosk", printer: "Printer", releaseOnBadge: false }, "cli");
  return { server, agentToken: tokens.agentToken!, token: tokens.token };
}

/** Badges alice, releases one job and waits for its end. */
async function releaseOne(setup: { server: InProcessServer; agentToken: string; token: string }, jobId: number): Promise<Record<string, unknown>> {
  const agent = await connectKiosk(setup.server.baseUrl, setup.agentToken, "agent");
  const screen = await connectKiosk(setup.server.baseUrl, setup.token, "screen");
  clients.push(agent, screen);
  await agent.emit("card:present", { card: "1111111" });
  const session = await screen.next("session:started");
  const ack = await screen.emit("session:release", { sessionId: session.sessionId, jobIds: [jobId], idempotencyKey: `release-${jobId}` });
  expect(ack.results).toEqual([{ jobId, outcome: "accepted" }]);
  return screen.next("job:progress", (event) => event.jobId === jobId && (event.state === "printed" || event.state === "failed"), 90_000);
}

async function submit(server: InProcessServer, document: Buffer): Promise<number> {
  const answer = await printJob(server.port, { user: "alice", title: "report", document });
  expect(answer.status).toBe("successful-ok");
  return answer.jobId!;
}

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all(servers.map((server) => server.stop()));
});

describe("Ghostscript out of memory", () => {
  let pwgOnly: IppEvePrinter;
  beforeAll(async () => {
    pwgOnly = await startIppEvePrinter({ formats: ["image/pwg-raster"] });
  }, 60_000);
  afterAll(() => pwgOnly?.stop());

  // 52 MiB: enough for Ghostscript to load (the start-up check passes), too little to set up a
  // 600 dpi page, which it reports as a VMerror.
  test("is refused at the kiosk as the conversion limit; the job is kept and the printer gets nothing", async () => {
    const setup = await serverWith({ PRINTVAKT_CONVERT_MEMORY: "52MiB" }, { uri: pwgOnly.uri });
    const jobId = await submit(setup.server, makePdf({ pages: 2 }));
    const end = await releaseOne(setup, jobId);
    expect(end).toMatchObject({ state: "failed", code: "conversion-limit" });
    expect(await findJob(setup.server.context.db, jobId)).toMatchObject({ state: "held" });
    expect(await auditDetails(setup.server.context.db, `job:${jobId}`, "job.release-failed")).toEqual([expect.objectContaining({ jobKept: true })]);
    expect((await pwgOnly.requests()).filter((request) => request.operation === "Print-Job")).toHaveLength(0);
  }, 120_000);
});

describe("a conversion that fails after streaming began", () => {
  let raw: RawPrinter;
  beforeAll(async () => {
    raw = await startRawPrinter();
  });
  afterAll(() => raw?.stop());

  // Hold-back 1 MiB, output limit 8 MiB: the 200-inch page streams past the first and is stopped at
  // the second, with megabytes already at the printer.
  test("leaves the job 'may have printed' (job.release-unknown), never held to print twice", async () => {
    const setup = await serverWith({ PRINTVAKT_CONVERT_HOLD_BACK: "1MiB", PRINTVAKT_CONVERT_MAX_OUTPUT: "8MiB", PRINTVAKT_CONVERT_CPU: "20s", PRINTVAKT_CONVERT_TIMEOUT: "60s" }, { uri: raw.uri, declared: { language: "pwg-raster" } });
    const jobId = await submit(setup.server, pdfGiantPage());
    const end = await releaseOne(setup, jobId);
    expect(end).toMatchObject({ state: "failed", code: "may-have-printed" });
    const [received] = await raw.waitForJobs(1);
    expect(received!.length).toBeGreaterThanOrEqual(1 * MiB);
    expect(received!.subarray(0, 4).toString("latin1")).toBe("RaS2");
    expect(await findJob(setup.server.context.db, jobId)).toMatchObject({ state: "may-have-printed" });
    expect(await auditDetails(setup.server.context.db, `job:${jobId}`, "job.release-unknown")).toEqual([expect.objectContaining({ printer: "Printer", errorCode: "conversion-too-large" })]);
    expect(await auditDetails(setup.server.context.db, `job:${jobId}`, "job.release-failed")).toEqual([]);
  }, 120_000);
});
