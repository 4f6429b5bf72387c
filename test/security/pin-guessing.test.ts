// Review finding H2, replayed: 200 PIN guesses sent at once on one kiosk session (the real PIN at
// position 150) must check at most the allowed number of PINs, and none after the lock. The same
// for a job's own PIN (job-password) at release. Real sockets, a real SQLite file, real argon2.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { secretCheckGate } from "../../server/identity/secret-check-gate.js";
import { findJob } from "../../server/store/jobs.js";
import { findUserByName } from "../../server/store/users.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { asCli } from "../support/printer-destination.js";
import { auditRows } from "../support/database-rows.js";

const admin = { label: "admin:test", role: "admin" as const };
const GUESSES = 200;
const RIGHT_AT = 150;
const MAX_FAILURES = 5;
let server: InProcessServer;
let tokens: { token: string; agentToken: string | undefined };
const clients: KioskClient[] = [];

async function kiosk(role: "agent" | "screen"): Promise<KioskClient> {
  const client = await connectKiosk(server.baseUrl, role === "agent" ? tokens.agentToken! : tokens.token, role);
  clients.push(client);
  return client;
}

async function pinEntries(username: string): Promise<{ type: string; details: Record<string, unknown> }[]> {
  const rows = await auditRows(server.context.db, { subject: `user:${username}`, types: ["pin.failed", "pin.locked"] });
  return rows.map((row) => ({ type: row.type, details: row.details as Record<string, unknown> }));
}

/** Guess `index` of the flood: a wrong four-digit PIN, or the right one at RIGHT_AT. */
const guess = (index: number, right: string) => (index === RIGHT_AT ? right : String(index).padStart(4, "0"));

beforeAll(async () => {
  server = await startInProcessServer({ PRINTVAKT_PIN_MAX_FAILURES: String(MAX_FAILURES) });
  const db = server.context.db;
  // Nothing listens on port 9: a job that got past its PIN would still be claimed ("accepted").
  await addPrinter(db, admin, { name: "Plan 2", uri: "ipp://127.0.0.1:9/ipp/print" }, asCli(server.context));
  tokens = await addKiosk(db, admin, { name: "Plan 2 kiosk", printer: "Plan 2", releaseOnBadge: false }, "cli");
  await addUser(db, admin, server.context, { username: "alice", displayName: "Alice Andersson", cards: ["1000001"], pin: "4711" });
  await addUser(db, admin, server.context, { username: "bob", displayName: "Bob Berg", cards: ["2000002"] });
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.stop();
});

describe("PIN guesses sent at once on one kiosk session", () => {
  test(`${GUESSES} card-PIN guesses at once: ${MAX_FAILURES} are checked, none succeeds, the account locks`, async () => {
    const agent = await kiosk("agent");
    const screen = await kiosk("screen");
    expect(await agent.emit("card:present", { card: "1000001" })).toEqual({ ok: true, outcome: "pin-required" });
    const { sessionId } = await screen.next("session:pin-required");
    const checksBefore = secretCheckGate.stats.started;

    const answers = await Promise.all(Array.from({ length: GUESSES }, (_, index) => screen.emit("session:pin", { sessionId, pin: guess(index, "4711") })));

    const codes = answers.map((answer) => (answer.ok ? "ok" : (answer.error as { code: string }).code));
    expect(codes).not.toContain("ok");
    expect(codes.filter((code) => code === "not-authenticated").length).toBe(MAX_FAILURES - 1);
    // Exactly the allowed number of PINs went through argon2; the other 195 were refused before it.
    expect(secretCheckGate.stats.started - checksBefore).toBe(MAX_FAILURES);
    const entries = await pinEntries("alice");
    expect(entries.map((entry) => entry.type).sort()).toEqual([...Array(MAX_FAILURES).fill("pin.failed"), "pin.locked"]);
    expect(entries.filter((entry) => entry.type === "pin.failed").map((entry) => entry.details.failures).sort()).toEqual([1, 2, 3, 4, 5]);
    const alice = await findUserByName(server.context.db, "alice");
    expect(alice).toMatchObject({ failedPins: MAX_FAILURES });
    expect(alice!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(screen.events.map((entry) => entry.event)).not.toContain("session:started");
    // Locked: the right PIN after a new badge is refused too.
    expect(await agent.emit("card:present", { card: "1000001" })).toMatchObject({ ok: false, error: { code: "locked" } });
  }, 60_000);

  test(`${GUESSES} job-PIN guesses at once at release: ${MAX_FAILURES} are checked, the job stays held`, async () => {
    const submitted = await printJob(server.port, { user: "bob", title: "Salary review", document: makePdf({ text: "Bob: salary review" }), jobPassword: "8642" });
    expect(submitted.status).toBe("successful-ok");
    const jobId = submitted.jobId!;
    const agent = await kiosk("agent");
    const screen = await kiosk("screen");
    expect(await agent.emit("card:present", { card: "2000002" })).toEqual({ ok: true, outcome: "session" });
    const { sessionId } = await screen.next("session:started", (payload) => payload.displayName === "Bob Berg");
    const checksBefore = secretCheckGate.stats.started;

    // Each release also records its idempotency key (two writes each): the acknowledgements of 200
    // take longer than the helper's 10 s, hence the socket's own emit with a longer timeout.
    const answers = (await Promise.all(
      Array.from({ length: GUESSES }, (_, index) => screen.socket.timeout(120_000).emitWithAck("session:release", { sessionId, jobIds: [jobId], idempotencyKey: `guess-${index}`, pin: guess(index, "8642") })),
    )) as Record<string, unknown>[];

    const outcomes = answers.flatMap((answer) => (answer.ok ? (answer.results as { outcome: string }[]).map((result) => result.outcome) : [(answer.error as { code: string }).code]));
    expect(outcomes).not.toContain("accepted");
    expect(secretCheckGate.stats.started - checksBefore).toBe(MAX_FAILURES);
    const entries = await pinEntries("bob");
    expect(entries.map((entry) => entry.type).sort()).toEqual([...Array(MAX_FAILURES).fill("pin.failed"), "pin.locked"]);
    expect((await findJob(server.context.db, jobId))!.state).toBe("held");
  }, 180_000);
});
