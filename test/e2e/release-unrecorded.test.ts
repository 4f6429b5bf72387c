// A release whose outcome cannot be written (the database refuses every write from the moment the
// printer has the document: a full disk, a lost database) must not take the server down through an
// unhandled rejection, must not make the job held again, and must tell the owner the truth.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { UNRECORDED_REASON } from "../../server/release/release-service.js";
import { findJob } from "../../server/store/jobs.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { asCli } from "../support/printer-destination.js";
import { startFakeIppPrinter, type FakeIppPrinter } from "../support/printers/fake-ipp-printer.js";
import { runCommand } from "../support/processes.js";
import { requireTool } from "../support/tools.js";

const admin = { label: "admin:test", role: "admin" as const };
let server: InProcessServer;
let printer: FakeIppPrinter;
let writesFail = false;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const clients: KioskClient[] = [];

async function lp(user: string, text: string): Promise<number> {
  const file = path.join(server.dataDir, `${user}-${Date.now()}.pdf`);
  await writeFile(file, makePdf({ text }));
  const result = await runCommand(requireTool("lp"), ["-h", `127.0.0.1:${server.port}`, "-d", "secure", "-U", user, file], { env: { HOME: server.dataDir, LC_ALL: "C" } });
  expect(result.exitCode, result.stderr).toBe(0);
  return Number(/request id is secure-(\d+)/.exec(result.stdout)![1]);
}

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  // The printer takes the whole document and then resets: an unknown outcome, which the release
  // must record. From that moment every write of the server fails.
  printer = await startFakeIppPrinter({
    answer: (request) => {
      if (request.message.code !== IppOperation.printJob) return undefined;
      writesFail = true;
      return { reset: true };
    },
  });
  server = await startInProcessServer();
  const db = server.context.db;
  const write = db.write.bind(db);
  db.write = (work) => (writesFail ? Promise.reject(new Error("SQLITE_FULL: database or disk is full")) : write(work));
  await addPrinter(db, admin, { name: "Plan 6", uri: printer.uri }, asCli(server.context));
  await addUser(db, admin, server.context, { username: "alice", displayName: "Alice Andersson", cards: ["1111111"] });
}, 60_000);

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  for (const client of clients) client.close();
  await server?.stop();
  await printer?.stop();
});

describe("a release outcome that cannot be written", () => {
  test.each([
    // Release-on-badge first: it releases every held job, and the screen case leaves one behind.
    { mode: "release-on-badge", releaseOnBadge: true },
    { mode: "screen", releaseOnBadge: false },
  ])("$mode: the owner is told, the job stays releasing (never held again), the server keeps answering", async ({ mode, releaseOnBadge }) => {
    writesFail = false;
    const jobId = await lp("alice", `Case notes (${mode})`);
    const token = await addKiosk(server.context.db, admin, { name: `Kiosk ${mode}`, printer: "Plan 6", releaseOnBadge }, "cli");
    const agent = await connectKiosk(server.baseUrl, token.agentToken!, "agent");
    clients.push(agent);
    const screen = releaseOnBadge ? agent : await connectKiosk(server.baseUrl, token.token, "screen");
    if (!releaseOnBadge) clients.push(screen);
    const failed = screen.next("job:progress", (event) => event.jobId === jobId && event.state === "failed");

    const badge = await agent.emit("card:present", { card: "1111111" });
    if (releaseOnBadge) {
      expect(badge).toMatchObject({ ok: true, outcome: "claimed", claimed: 1 });
      // Not written down, so not known: the reader is never told "nothing printed".
      expect(await agent.next("release:finished")).toEqual({
        sessionId: badge.sessionId,
        outcome: "may-have-printed",
        printed: 0,
        failed: 0,
        mayHavePrinted: 1,
        jobs: [{ jobId, result: "may-have-printed", reason: UNRECORDED_REASON }],
      });
    } else {
      const session = await screen.next("session:started");
      const release = await screen.emit("session:release", { sessionId: session.sessionId, jobIds: [jobId], idempotencyKey: `unrecorded-${mode}` });
      expect(release).toEqual({ ok: true, results: [{ jobId, outcome: "accepted" }] });
    }

    expect((await failed).reason).toBe(UNRECORDED_REASON);
    writesFail = false;
    // Neither held (it may have printed) nor marked: start-up recovery decides, as after a crash.
    expect(await findJob(server.context.db, jobId)).toMatchObject({ state: "releasing" });
    expect(printer.requests.filter((request) => request.message.code === IppOperation.printJob).length).toBeGreaterThan(0);
    // Still serving: a new submission is taken and recorded.
    const next = await lp("alice", "After the failure");
    expect(await findJob(server.context.db, next)).toMatchObject({ state: "held" });
    expect(unhandled).toEqual([]);
  });
});

describe("a printed job whose released record fails for a while", () => {
  test("stays releasing (never held again) and is recorded released once the database takes writes again", async () => {
    writesFail = false;
    // This printer takes the job and completes it; from that moment writes fail, until the test lets them.
    const printing = await startFakeIppPrinter({
      answer: (request) => {
        if (request.message.code === IppOperation.printJob) writesFail = true;
        return undefined;
      },
    });
    try {
      await addPrinter(server.context.db, admin, { name: "Plan 7", uri: printing.uri }, asCli(server.context));
      const jobId = await lp("alice", "Printed, recorded late");
      const token = await addKiosk(server.context.db, admin, { name: "Kiosk Plan 7", printer: "Plan 7", releaseOnBadge: false }, "cli");
      const agent = await connectKiosk(server.baseUrl, token.agentToken!, "agent");
      const screen = await connectKiosk(server.baseUrl, token.token, "screen");
      clients.push(agent, screen);
      await agent.emit("card:present", { card: "1111111" });
      const session = await screen.next("session:started");
      const release = await screen.emit("session:release", { sessionId: session.sessionId, jobIds: [jobId], idempotencyKey: "recorded-late" });
      expect(release).toEqual({ ok: true, results: [{ jobId, outcome: "accepted" }] });
      await screen.next("job:progress", (event) => event.jobId === jobId && event.state === "printed");
      expect(printing.deliveries()).toHaveLength(1);
      writesFail = false;
      expect(await findJob(server.context.db, jobId)).toMatchObject({ state: "releasing" });

      const deadline = Date.now() + 20_000;
      while ((await findJob(server.context.db, jobId))!.state === "releasing" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await findJob(server.context.db, jobId)).toMatchObject({ state: "released", wrappedKey: null });
      expect(printing.deliveries()).toHaveLength(1);
      expect(unhandled).toEqual([]);
    } finally {
      await printing.stop();
    }
  });
});
