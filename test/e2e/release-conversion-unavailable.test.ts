// A server whose sandbox cannot start a converter (here: an address-space limit too small for
// Ghostscript to load, as a host without ghostscript or bubblewrap would be) still releases what
// the printer takes as it is, and refuses at the kiosk what needs converting, with the reason.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { findJob } from "../../server/store/jobs.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { startIppEvePrinter, type IppEvePrinter } from "../support/ippeveprinter.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { asCli } from "../support/printer-destination.js";
import { printJob } from "../support/print-requests.js";
import { requireTool } from "../support/tools.js";

const admin = { label: "admin:test", role: "admin" as const };
let server: InProcessServer;
let intake: IppEvePrinter;
let pwgOnly: IppEvePrinter;
const clients: KioskClient[] = [];

beforeAll(async () => {
  [intake, pwgOnly] = await Promise.all([startIppEvePrinter({ formats: ["application/pdf", "image/pwg-raster"] }), startIppEvePrinter({ formats: ["image/pwg-raster"] })]);
  server = await startInProcessServer({ PRINTVAKT_CONVERT_MEMORY: "1MiB" });
  const db = server.context.db;
  await addUser(db, admin, server.context, { username: "alice", displayName: "Alice", cards: ["1111111"] });
  await addPrinter(db, admin, { name: "Intake", uri: intake.uri }, asCli(server.context));
  await server.refreshPrinters();
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.stop();
  await Promise.all([intake?.stop(), pwgOnly?.stop()]);
});

test("PWG raster prints as it is; a PDF that needs converting is refused with the reason and stays held", async () => {
  const pdf = makePdf({ pages: 2 });
  const raster = execFileSync(requireTool("gs"), ["-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sOutputFile=-", "-sDEVICE=pwgraster", "-r150", "-dcupsColorSpace=18", "-dcupsBitsPerColor=8", "-"], { input: pdf });
  const pdfJob = (await printJob(server.port, { user: "alice", title: "pdf", document: pdf })).jobId!;
  const rasterJob = (await printJob(server.port, { user: "alice", title: "raster", document: raster, format: "image/pwg-raster" })).jobId!;
  await addPrinter(server.context.db, admin, { name: "PWG only", uri: pwgOnly.uri }, asCli(server.context));
  const tokens = await addKiosk(server.context.db, admin, { name: "Kiosk PWG", printer: "PWG only", releaseOnBadge: false }, "cli");
  const agent = await connectKiosk(server.baseUrl, tokens.agentToken!, "agent");
  const screen = await connectKiosk(server.baseUrl, tokens.token, "screen");
  clients.push(agent, screen);
  await agent.emit("card:present", { card: "1111111" });
  const session = await screen.next("session:started");
  const ack = await screen.emit("session:release", { sessionId: session.sessionId, jobIds: [pdfJob, rasterJob], idempotencyKey: "unavailable-1" });
  expect(ack.results).toEqual([
    { jobId: pdfJob, outcome: "failed", reason: expect.stringMatching(/cannot convert documents/), code: "conversion-unavailable" },
    { jobId: rasterJob, outcome: "accepted" },
  ]);
  await screen.next("job:progress", (event) => event.jobId === rasterJob && event.state === "printed");
  const [printed] = await pwgOnly.waitForDocuments(1);
  expect(printed!.sha256).toBe(sha256(raster));
  // Refused before it was claimed, the job still keeps why, as a code, for the next badge (review F16).
  expect(await findJob(server.context.db, pdfJob)).toMatchObject({ state: "held", stateReasonCode: "conversion-unavailable" });
  expect(await findJob(server.context.db, rasterJob)).toMatchObject({ state: "released", stateReasonCode: null });
});

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
