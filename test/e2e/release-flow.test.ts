// Release at the printer, end to end with real parts: `lp` submits, a kiosk client badges over
// socket.io, a real ippeveprinter receives the document, and the audit shows exactly what happened.
import { createHash } from "node:crypto";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { keyedHash } from "../../server/audit/keyed-hash.js";
import { findJob, listJobsOfOwner } from "../../server/store/jobs.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { startIppEvePrinter, type IppEvePrinter } from "../support/ippeveprinter.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { runCommand } from "../support/processes.js";
import { requireTool } from "../support/tools.js";
import { asCli } from "../support/printer-destination.js";
import { countAudit } from "../../server/store/audit-log.js";
import { auditRows, firstAuditRow, newestAuditRow } from "../support/database-rows.js";

const admin = { label: "admin:test", role: "admin" as const };
let printerA: IppEvePrinter;
let printerB: IppEvePrinter;
let server: InProcessServer;
let tokenA: KioskTokens;
let tokenB: KioskTokens;
let workDir: string;
const clients: KioskClient[] = [];

async function lp(user: string, file: string, options: string[] = []): Promise<number> {
  const result = await runCommand(requireTool("lp"), ["-h", `127.0.0.1:${server.port}`, "-d", "secure", "-U", user, ...options, file], { env: { HOME: workDir, LC_ALL: "C" } });
  expect(result.exitCode, result.stderr).toBe(0);
  const match = /request id is secure-(\d+)/.exec(result.stdout);
  expect(match, result.stdout).not.toBeNull();
  return Number(match![1]);
}

/** A kiosk's two credentials: the screen's token and the card reader's. */
type KioskTokens = { token: string; agentToken: string | undefined };

async function kiosk(tokens: KioskTokens, role: "agent" | "screen"): Promise<KioskClient> {
  const client = await connectKiosk(server.baseUrl, role === "agent" ? tokens.agentToken! : tokens.token, role);
  clients.push(client);
  return client;
}

async function auditTypesFor(subject: string): Promise<string[]> {
  const rows = await auditRows(server.context.db, { subject });
  return rows.map((row) => row.type);
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  [printerA, printerB] = await Promise.all([startIppEvePrinter({ duplex: true }), startIppEvePrinter({ duplex: true })]);
  // An offline printer is tried for 3 s here, not the 5 minutes of production.
  server = await startInProcessServer({ PRINTVAKT_PIN_MAX_FAILURES: "3", PRINTVAKT_PRINTER_RETRY_FOR: "3s" });
  workDir = server.dataDir;
  const db = server.context.db;
  await addPrinter(db, admin, { name: "Plan 3", uri: printerA.uri }, asCli(server.context));
  await addPrinter(db, admin, { name: "Plan 4", uri: printerB.uri }, asCli(server.context));
  tokenA = await addKiosk(db, admin, { name: "Kiosk Plan 3", printer: "Plan 3", releaseOnBadge: false }, "cli");
  tokenB = await addKiosk(db, admin, { name: "Kiosk Plan 4", printer: "Plan 4", releaseOnBadge: false }, "cli");
  await addUser(db, admin, server.context, { username: "alice", displayName: "Alice Andersson", cards: ["1111111"] });
  await addUser(db, admin, server.context, { username: "bob", displayName: "Bob Berg", cards: ["2222222"] });
  await addUser(db, admin, server.context, { username: "carol", displayName: "Carol Carlsson", cards: ["3333333"], pin: "4711" });
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.stop();
  await Promise.all([printerA?.stop(), printerB?.stop()]);
});

describe("release at the printer", () => {
  test("alice's job arrives at her kiosk's printer byte-identical, with her options and without hold or PIN; bob's stays held", async () => {
    const alicePdf = makePdf({ pages: 2, text: "Alice: social services case notes" });
    const bobPdf = makePdf({ pages: 1, text: "Bob: budget" });
    await writeFile(path.join(workDir, "alice.pdf"), alicePdf);
    await writeFile(path.join(workDir, "bob.pdf"), bobPdf);
    const aliceJob = await lp("alice", path.join(workDir, "alice.pdf"), ["-n", "2", "-o", "sides=two-sided-long-edge", "-o", "media=iso_a4_210x297mm", "-t", "Case notes"]);
    const bobJob = await lp("bob", path.join(workDir, "bob.pdf"));

    const agent = await kiosk(tokenA, "agent");
    const screen = await kiosk(tokenA, "screen");
    const ack = await agent.emit("card:present", { card: "1111111" });
    expect(ack).toEqual({ ok: true, outcome: "session" });
    const session = await screen.next("session:started");
    expect(session.displayName).toBe("Alice Andersson");
    const jobs = session.jobs as { id: number; title: string; copies: number; sides: string }[];
    expect(jobs.map((job) => job.id)).toEqual([aliceJob]);
    expect(jobs[0]).toMatchObject({ title: "Case notes", copies: 2, sides: "two-sided-long-edge" });

    const release = await screen.emit("session:release", { sessionId: session.sessionId, jobIds: "all", idempotencyKey: "release-alice-1" });
    expect(release).toEqual({ ok: true, results: [{ jobId: aliceJob, outcome: "accepted" }] });
    await screen.next("job:progress", (event) => event.jobId === aliceJob && event.state === "printed");

    const [printed] = await printerA.waitForDocuments(1);
    expect(printed!.sha256).toBe(sha256(alicePdf));
    expect(printed!.env.IPP_COPIES).toBe("2");
    expect(printed!.env.IPP_SIDES).toBe("two-sided-long-edge");
    expect(printed!.env.IPP_MEDIA ?? printed!.env.IPP_MEDIA_COL).toContain("iso_a4_210x297mm");
    expect(printed!.env.IPP_JOB_HOLD_UNTIL).toBeUndefined();
    const forwarded = printed!.request!.attributes.map((attribute) => attribute.name);
    expect(forwarded).toContain("copies");
    expect(forwarded.filter((name) => name.startsWith("job-password") || name === "job-hold-until")).toEqual([]);
    expect(await printerB.documents()).toEqual([]);

    const released = await findJob(server.context.db, aliceJob);
    expect(released).toMatchObject({ state: "released", wrappedKey: null, sealedTitle: null });
    const bob = await findJob(server.context.db, bobJob);
    expect(bob).toMatchObject({ state: "held" });
    expect(bob!.wrappedKey).not.toBeNull();
    const spoolFiles = await readdir(path.join(server.dataDir, "spool"));
    expect(spoolFiles).toEqual([`${bob!.spoolId}.pvs`]);

    expect(await auditTypesFor(`job:${aliceJob}`)).toEqual(["job.submitted", "job.released"]);
    expect(await auditTypesFor(`job:${bobJob}`)).toEqual(["job.submitted"]);
    const releasedEntry = await firstAuditRow(server.context.db, { subject: `job:${aliceJob}`, types: ["job.released"] });
    expect(releasedEntry!.details).toMatchObject({ kiosk: "Kiosk Plan 3", printer: "Plan 3", finalState: "completed", printerJobId: printed!.jobId, mode: "screen" });
    const sessionEvents = async () => (await auditTypesFor("kiosk:Kiosk Plan 3")).filter((type) => type.startsWith("session."));
    expect(await sessionEvents()).toEqual(["session.started"]);
    expect(await countAudit(server.context.db, { types: ["kiosk.connected"] })).toBe(2);

    // A second tap of the same card logs out.
    expect(await agent.emit("card:present", { card: "1111111" })).toEqual({ ok: true, outcome: "logged-out" });
    expect(await screen.next("session:ended")).toMatchObject({ sessionId: session.sessionId, reason: "second-tap" });
    // The second tap is answered once the end is in the log.
    expect(await sessionEvents()).toEqual(["session.started", "session.ended"]);
  });

  test("bob's card never shows alice's jobs, and a double release prints once", async () => {
    await writeFile(path.join(workDir, "alice2.pdf"), makePdf({ text: "Alice again" }));
    const aliceJob = await lp("alice", path.join(workDir, "alice2.pdf"));
    // Released after the double tap: the printer's queue is first in, first out, so once this one
    // has arrived any wrongly duplicated copy of the first would have arrived before it.
    const markerPdf = makePdf({ text: "Alice marker" });
    await writeFile(path.join(workDir, "alice-marker.pdf"), markerPdf);
    const markerJob = await lp("alice", path.join(workDir, "alice-marker.pdf"));
    const agent = await kiosk(tokenB, "agent");
    const screen = await kiosk(tokenB, "screen");

    await agent.emit("card:present", { card: "2222222" });
    const bobSession = await screen.next("session:started");
    expect((bobSession.jobs as { id: number }[]).map((job) => job.id)).not.toContain(aliceJob);
    // Naming alice's job explicitly is "not found", exactly like a job that does not exist.
    const stolen = await screen.emit("session:release", { sessionId: bobSession.sessionId, jobIds: [aliceJob, 999_999], idempotencyKey: "bob-steals" });
    expect(stolen).toEqual({ ok: true, results: [{ jobId: aliceJob, outcome: "not-found" }, { jobId: 999_999, outcome: "not-found" }] });
    await screen.emit("session:logout", { sessionId: bobSession.sessionId });

    const before = (await printerB.documents()).length;
    await agent.emit("card:present", { card: "1111111" });
    const aliceSession = await screen.next("session:started", (payload) => payload.displayName === "Alice Andersson");
    const request = { sessionId: aliceSession.sessionId, jobIds: [aliceJob], idempotencyKey: "alice-double-tap" };
    const [first, second] = await Promise.all([screen.emit("session:release", request), screen.emit("session:release", request)]);
    const third = await screen.emit("session:release", { ...request, idempotencyKey: "alice-third-tap" });
    const outcomes = [first, second].map((answer) => answer.results);
    expect(outcomes).toContainEqual([{ jobId: aliceJob, outcome: "accepted" }]);
    expect(third.results).toEqual([{ jobId: aliceJob, outcome: "not-found" }]);
    await screen.next("job:progress", (event) => event.jobId === aliceJob && event.state === "printed");
    const marker = await screen.emit("session:release", { sessionId: aliceSession.sessionId, jobIds: [markerJob], idempotencyKey: "alice-marker" });
    expect(marker.results).toEqual([{ jobId: markerJob, outcome: "accepted" }]);
    await screen.next("job:progress", (event) => event.jobId === markerJob && event.state === "printed");
    const documents = await printerB.waitForDocuments(before + 2);
    expect(documents.length).toBe(before + 2);
    expect(documents.at(-1)!.sha256).toBe(sha256(markerPdf));
    expect(await auditTypesFor(`job:${aliceJob}`)).toEqual(["job.submitted", "job.released"]);
    await screen.emit("session:logout", { sessionId: aliceSession.sessionId });
  });

  test("an idempotency key replays only within its session: the next person at the kiosk sending it gets their own release (review L3)", async () => {
    await writeFile(path.join(workDir, "bob-l3.pdf"), makePdf({ text: "Bob L3" }));
    await writeFile(path.join(workDir, "alice-l3.pdf"), makePdf({ text: "Alice L3" }));
    const bobJob = await lp("bob", path.join(workDir, "bob-l3.pdf"));
    const aliceJob = await lp("alice", path.join(workDir, "alice-l3.pdf"));
    const agent = await kiosk(tokenB, "agent");
    const screen = await kiosk(tokenB, "screen");
    await agent.emit("card:present", { card: "2222222" });
    const bobSession = await screen.next("session:started", (payload) => payload.displayName === "Bob Berg");
    const bobs = await screen.emit("session:release", { sessionId: bobSession.sessionId, jobIds: [bobJob], idempotencyKey: "the-same-key" });
    expect(bobs).toEqual({ ok: true, results: [{ jobId: bobJob, outcome: "accepted" }] });
    await screen.next("job:progress", (event) => event.jobId === bobJob && event.state === "printed");
    await screen.emit("session:logout", { sessionId: bobSession.sessionId });

    await agent.emit("card:present", { card: "1111111" });
    const aliceSession = await screen.next("session:started", (payload) => payload.displayName === "Alice Andersson");
    // Before the fix this answered { repeated: true, results: [bob's job and outcome] } and printed nothing.
    const alices = await screen.emit("session:release", { sessionId: aliceSession.sessionId, jobIds: [aliceJob], idempotencyKey: "the-same-key" });
    expect(alices).toEqual({ ok: true, results: [{ jobId: aliceJob, outcome: "accepted" }] });
    expect(JSON.stringify(alices)).not.toContain(String(bobJob));
    await screen.next("job:progress", (event) => event.jobId === aliceJob && event.state === "printed");
    // Within her session the key still replays her first answer.
    expect(await screen.emit("session:release", { sessionId: aliceSession.sessionId, jobIds: [aliceJob], idempotencyKey: "the-same-key" })).toEqual({ ok: true, repeated: true, results: [{ jobId: aliceJob, outcome: "accepted" }] });
    expect(await auditTypesFor(`job:${aliceJob}`)).toEqual(["job.submitted", "job.released"]);
    await screen.emit("session:logout", { sessionId: aliceSession.sessionId });
  });

  test("a session belongs to its kiosk: kiosk A cannot act on kiosk B's session or print on B's printer", async () => {
    await writeFile(path.join(workDir, "alice3.pdf"), makePdf({ text: "Alice three" }));
    const aliceJob = await lp("alice", path.join(workDir, "alice3.pdf"));
    const agentB = await kiosk(tokenB, "agent");
    const screenB = await kiosk(tokenB, "screen");
    const screenA = await kiosk(tokenA, "screen");
    await agentB.emit("card:present", { card: "1111111" });
    const sessionB = await screenB.next("session:started", (payload) => (payload.jobs as { id: number }[]).some((job) => job.id === aliceJob));
    const fromA = await screenA.emit("session:release", { sessionId: sessionB.sessionId, jobIds: [aliceJob], idempotencyKey: "cross-kiosk" });
    expect(fromA).toMatchObject({ ok: false, error: { code: "session-ended" } });
    expect((await findJob(server.context.db, aliceJob))!.state).toBe("held");
    await screenB.emit("session:logout", { sessionId: sessionB.sessionId });
  });

  test("a connection without a valid token, or from a foreign origin, is refused and audited", async () => {
    await expect(connectKiosk(server.baseUrl, "not-a-real-token-0123456789", "agent")).rejects.toThrow("unauthorized");
    await expect(connectKiosk(server.baseUrl, tokenA.token, "screen", { Origin: "https://evil.example" })).rejects.toThrow("unauthorized");
    const refused = await auditRows(server.context.db, { types: ["kiosk.refused"] });
    expect(refused.map((row) => row.details.reason)).toEqual(["unknown-token", "origin-not-allowed"]);
  });

  test("a disconnected kiosk's buffered release never fires later", async () => {
    await writeFile(path.join(workDir, "alice4.pdf"), makePdf({ text: "Alice four" }));
    const aliceJob = await lp("alice", path.join(workDir, "alice4.pdf"));
    const agent = await kiosk(tokenA, "agent");
    const screen = await kiosk(tokenA, "screen");
    expect(await agent.emit("card:present", { card: "1111111" })).toEqual({ ok: true, outcome: "session" });
    const session = await screen.next("session:started", (payload) => (payload.jobs as { id: number }[]).some((job) => job.id === aliceJob));
    agent.close();
    screen.close();
    // The kiosk's last connection is gone: its session ends on the server.
    await waitUntil(async () => (await auditTypesFor("kiosk:Kiosk Plan 3")).at(-1) === "session.ended");
    // A client that reconnects and delivers what it buffered names a session that no longer exists.
    const reconnected = await kiosk(tokenA, "screen");
    const replay = await reconnected.emit("session:release", { sessionId: session.sessionId, jobIds: [aliceJob], idempotencyKey: "buffered" });
    expect(replay).toMatchObject({ ok: false, error: { code: "session-ended" } });
    expect((await findJob(server.context.db, aliceJob))!.state).toBe("held");
  });

  test("PINs: a card+PIN account needs its PIN, and wrong PINs lock the account", async () => {
    const agent = await kiosk(tokenA, "agent");
    const screen = await kiosk(tokenA, "screen");
    expect(await agent.emit("card:present", { card: "3333333" })).toEqual({ ok: true, outcome: "pin-required" });
    const challenge = await screen.next("session:pin-required");
    const refusedRelease = await screen.emit("session:release", { sessionId: challenge.sessionId, jobIds: "all", idempotencyKey: "before-pin" });
    expect(refusedRelease).toMatchObject({ ok: false, error: { code: "not-authenticated" } });
    expect(await screen.emit("session:pin", { sessionId: challenge.sessionId, pin: "0000" })).toMatchObject({ ok: false, error: { code: "not-authenticated" } });
    expect(await screen.emit("session:pin", { sessionId: challenge.sessionId, pin: "4711" })).toEqual({ ok: true });
    await screen.next("session:started", (payload) => payload.displayName === "Carol Carlsson");
    await screen.emit("session:logout", { sessionId: challenge.sessionId });

    await agent.emit("card:present", { card: "3333333" });
    const again = await screen.next("session:pin-required");
    const answers = [];
    for (let attempt = 0; attempt < 3; attempt++) answers.push(await screen.emit("session:pin", { sessionId: again.sessionId, pin: "1234" }));
    expect(answers.map((answer) => (answer.error as { code: string }).code)).toEqual(["not-authenticated", "not-authenticated", "locked"]);
    // Locked: even the right PIN after a new badge is refused.
    expect(await agent.emit("card:present", { card: "3333333" })).toMatchObject({ ok: false, error: { code: "locked" } });
    const pinEvents = await auditRows(server.context.db, { subject: "user:carol", types: ["pin.failed", "pin.locked"] });
    // The first wrong PIN was reset by the right one; then three more wrong ones lock.
    expect(pinEvents.map((row) => row.type)).toEqual(["pin.failed", "pin.failed", "pin.failed", "pin.failed", "pin.locked"]);
    expect(JSON.stringify(pinEvents)).not.toContain("3333333");
  });

  test("an unknown card is audited by its keyed hash and endings, never its number, and offered for linking", async () => {
    const agent = await kiosk(tokenA, "agent");
    const screen = await kiosk(tokenA, "screen");
    expect(await agent.emit("card:present", { card: "00987654", raw: "00987654" })).toEqual({ ok: true, outcome: "unknown-card" });
    const offer = await screen.next("card:unknown");
    expect(typeof offer.linkId).toBe("string");
    const entry = await newestAuditRow(server.context.db, "card.unknown");
    // A 6-character number shows at most half of itself; the raw read its last 4.
    expect(entry!.details).toEqual({ cardHash: keyedHash(server.context.auditHashKey, "987654"), cardEnding: "654", rawEnding: "7654" });
    // Stored details are canonical JSON: the text the database holds.
    expect(JSON.stringify(entry!.details)).not.toContain("987654");
  });

  test("alice's job waits while her printer is offline, keeps the reason, and prints once it is back", async () => {
    const offline = await startIppEvePrinter({ duplex: true });
    const port = offline.port;
    await offline.stop();
    await addPrinter(server.context.db, admin, { name: "Basement", uri: `ipp://localhost:${port}/ipp/print` }, asCli(server.context));
    const token = await addKiosk(server.context.db, admin, { name: "Basement kiosk", printer: "Basement", releaseOnBadge: false }, "cli");
    await writeFile(path.join(workDir, "alice5.pdf"), makePdf({ text: "Alice five" }));
    const aliceJob = await lp("alice", path.join(workDir, "alice5.pdf"));
    const agent = await kiosk(token, "agent");
    const screen = await kiosk(token, "screen");
    await agent.emit("card:present", { card: "1111111" });
    const session = await screen.next("session:started");
    await screen.emit("session:release", { sessionId: session.sessionId, jobIds: [aliceJob], idempotencyKey: "offline-1" });
    // Tried again for PRINTVAKT_PRINTER_RETRY_FOR, the kiosk told why and when the next try is.
    expect(await screen.next("job:progress", (event) => event.jobId === aliceJob && event.state === "waiting")).toMatchObject({ reason: "offline", retryAt: expect.any(String) });
    const failed = await screen.next("job:progress", (event) => event.jobId === aliceJob && event.state === "failed", 60_000);
    expect(String(failed.reason)).toMatch(/cannot be reached/);
    const held = await findJob(server.context.db, aliceJob);
    expect(held).toMatchObject({ state: "held" });
    expect(held!.stateReason).toMatch(/cannot be reached/);
    expect(held!.wrappedKey).not.toBeNull();

    const back = await startIppEvePrinter({ duplex: true, port });
    try {
      await screen.emit("session:extend", { sessionId: session.sessionId });
      await screen.emit("session:release", { sessionId: session.sessionId, jobIds: [aliceJob], idempotencyKey: "offline-2" });
      await screen.next("job:progress", (event) => event.jobId === aliceJob && event.state === "printed", 60_000);
      expect(await back.waitForDocuments(1)).toHaveLength(1);
      expect(await auditTypesFor(`job:${aliceJob}`)).toEqual(["job.submitted", "job.release-failed", "job.released"]);
    } finally {
      await back.stop();
    }
  }, 120_000);

  test("a job the printer cannot print, in a format Printvakt cannot convert to, is refused at release with a reason, and nothing is sent", async () => {
    // JPEG is no language Printvakt converts to (PWG raster, PDF, PostScript, PCL would be).
    const rasterOnly = await startIppEvePrinter({ formats: ["image/jpeg"] });
    try {
      await addPrinter(server.context.db, admin, { name: "Raster only", uri: rasterOnly.uri }, asCli(server.context));
      const token = await addKiosk(server.context.db, admin, { name: "Raster kiosk", printer: "Raster only", releaseOnBadge: false }, "cli");
      await writeFile(path.join(workDir, "alice6.pdf"), makePdf({ text: "Alice six" }));
      const aliceJob = await lp("alice", path.join(workDir, "alice6.pdf"));
      const agent = await kiosk(token, "agent");
      const screen = await kiosk(token, "screen");
      await agent.emit("card:present", { card: "1111111" });
      const session = await screen.next("session:started");
      // The printer's formats are asked for at release (it was never checked): refused before the claim.
      const ack = await screen.emit("session:release", { sessionId: session.sessionId, jobIds: [aliceJob], idempotencyKey: "raster-1" });
      expect(ack.results).toEqual([{ jobId: aliceJob, outcome: "failed", reason: "Raster only cannot print application/pdf documents, and they cannot be converted for it", code: "not-convertible" }]);
      expect((await findJob(server.context.db, aliceJob))!.state).toBe("held");
      expect((await rasterOnly.requests()).filter((request) => request.operation === "Print-Job")).toEqual([]);
      const entry = await firstAuditRow(server.context.db, { subject: `job:${aliceJob}`, types: ["job.release-failed"] });
      expect(entry!.details).toMatchObject({ printer: "Raster only", errorCode: "not-convertible", jobKept: true });
      await screen.emit("session:logout", { sessionId: session.sessionId });
    } finally {
      await rasterOnly.stop();
    }
  });

  test("a reader-only kiosk releases every held job without a PIN at the badge", async () => {
    await addKiosk(server.context.db, admin, { name: "Reader only", printer: "Plan 3", releaseOnBadge: true }, "cli").then(async (token) => {
      const before = (await printerA.documents()).length;
      await writeFile(path.join(workDir, "bob2.pdf"), makePdf({ text: "Bob two" }));
      const bobJob = await lp("bob", path.join(workDir, "bob2.pdf"));
      const heldBefore = (await listJobsOfOwner(server.context.db, "bob", ["held"])).map((job) => job.id);
      expect(heldBefore).toContain(bobJob);
      const agent = await kiosk(token, "agent");
      const answer = await agent.emit("card:present", { card: "2222222" });
      expect(answer).toMatchObject({ ok: true, outcome: "claimed", claimed: heldBefore.length, kept: 0 });
      const finished = await agent.next("release:finished", undefined, 60_000);
      expect(finished).toMatchObject({ sessionId: answer.sessionId, outcome: "printed", printed: heldBefore.length, failed: 0, mayHavePrinted: 0 });
      await printerA.waitForDocuments(before + heldBefore.length);
      await waitUntil(async () => (await listJobsOfOwner(server.context.db, "bob", ["held", "releasing"])).length === 0);
      const entry = await firstAuditRow(server.context.db, { subject: `job:${bobJob}`, types: ["job.released"] });
      expect(entry!.details).toMatchObject({ kiosk: "Reader only", mode: "release-on-badge" });
    });
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
