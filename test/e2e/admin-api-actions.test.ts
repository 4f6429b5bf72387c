// What admins do through the API, each checked against the audit: pairing a kiosk screen,
// deleting and revealing held jobs with a reason, people and cards, searching, exporting and
// verifying the audit log. And that no answer ever carries a document's content.
import { createHash, createPublicKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadOrCreateCheckpointKey } from "../../server/audit/checkpoint-key.js";
import { setPinState, findUserByName } from "../../server/store/users.js";
import { submitPrintJob } from "../browser/support/print-job.js";
import { KIOSK, PERSON, PRINTER, startFixture, type Fixture } from "../browser/support/fixture.js";
import { connectKiosk } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { findJob } from "../../server/store/jobs.js";
import { auditRows, onDatabaseFile } from "../support/database-rows.js";

let fixture: Fixture;
const MARKER = "BODY-MARKER-7f3a";

async function entriesOfType(type: string) {
  return auditRows(fixture.server.context.db, { types: [type] });
}

const submit = (title: string) => submitPrintJob({ port: fixture.server.port, user: PERSON.username, title, document: makePdf({ text: `${MARKER} ${title}` }) });

beforeAll(async () => {
  fixture = await startFixture();
});

afterAll(async () => {
  await fixture?.stop();
});

describe("pairing a kiosk screen", () => {
  test("a pairing code is traded once for the kiosk token, which then opens a screen socket", async () => {
    const issued = await fixture.admin.json<{ token: string; pairing: { code: string } }>("POST", `/api/kiosks/${encodeURIComponent(KIOSK)}/pairing-code`);
    expect(issued.pairing.code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    const pair = (code: string) => fetch(`${fixture.server.baseUrl}/api/kiosk/pair`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": "k" }, body: JSON.stringify({ code }) });
    // Typed in lower case without the dash, as people do.
    const first = await pair(issued.pairing.code.toLowerCase().replace("-", ""));
    expect(first.status).toBe(200);
    const body = (await first.json()) as { token: string; kiosk: string };
    expect(body).toEqual({ token: issued.token, kiosk: KIOSK });
    expect((await pair(issued.pairing.code)).status).toBe(404);
    const screen = await connectKiosk(fixture.server.baseUrl, body.token, "screen", { Origin: fixture.server.baseUrl });
    const hello = await screen.next("kiosk:hello");
    expect(hello).toMatchObject({ kiosk: { name: KIOSK }, printer: { name: PRINTER } });
    const paired = await entriesOfType("kiosk.paired");
    expect(paired.map((entry) => entry.actor)).toEqual([`kiosk:${KIOSK}`]);
    // A new pairing code means a new token: the old one is cut off and refused.
    const disconnected = new Promise((resolve) => screen.socket.once("disconnect", resolve));
    await fixture.admin.json("POST", `/api/kiosks/${encodeURIComponent(KIOSK)}/pairing-code`);
    await disconnected;
    await expect(connectKiosk(fixture.server.baseUrl, body.token, "screen")).rejects.toThrow("unauthorized");
    screen.close();
  });

  test("200 wrong codes sent at once: only the limit is checked, the rest get 429, even a valid code is turned away; failures audited without the code", async () => {
    const pair = (code: string) => fetch(`${fixture.server.baseUrl}/api/kiosk/pair`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": "k" }, body: JSON.stringify({ code }) });
    const statuses = await Promise.all(Array.from({ length: 200 }, () => pair("AAAAA-BBBBB").then((response) => response.status)));
    // The test above spent one try from this address already: 9 are checked, 191 refused unchecked.
    expect(statuses.filter((status) => status === 404).length).toBe(9);
    expect(statuses.filter((status) => status === 429).length).toBe(191);
    const valid = await fixture.admin.json<{ pairing: { code: string } }>("POST", `/api/kiosks/${encodeURIComponent(KIOSK)}/pairing-code`);
    expect((await pair(valid.pairing.code)).status).toBe(429);
    const refused = await entriesOfType("kiosk.refused");
    const reasons = refused.map((entry) => entry.details.reason);
    expect(reasons.filter((reason) => reason === "pairing-code-wrong").length).toBe(10);
    expect(reasons.filter((reason) => reason === "pairing-rate-limited").length).toBe(1);
    const written = JSON.stringify(refused);
    expect(written).not.toMatch(/AAAAA|BBBBB/);
    expect(written).not.toContain(valid.pairing.code.slice(0, 5));
  });

  test("a revoked kiosk's connections are closed and its token refused", async () => {
    const created = await fixture.admin.json<{ token: string }>("POST", "/api/kiosks", { name: "Lobby kiosk", printer: PRINTER });
    const agent = await connectKiosk(fixture.server.baseUrl, created.token, "screen");
    const listed = await fixture.admin.json<{ name: string; connected: { screens: number } }[]>("GET", "/api/kiosks");
    expect(listed.find((kiosk) => kiosk.name === "Lobby kiosk")!.connected.screens).toBe(1);
    const disconnected = new Promise((resolve) => agent.socket.once("disconnect", resolve));
    await fixture.admin.json("POST", `/api/kiosks/${encodeURIComponent("Lobby kiosk")}/revoke`);
    await disconnected;
    await expect(connectKiosk(fixture.server.baseUrl, created.token, "agent")).rejects.toThrow("unauthorized");
    const after = await fixture.admin.json<{ name: string; revoked: boolean }[]>("GET", "/api/kiosks");
    expect(after.find((kiosk) => kiosk.name === "Lobby kiosk")!.revoked).toBe(true);
  });
});

describe("held jobs", () => {
  test("are listed without titles; an admin sees one only by giving a reason, which is audited", async () => {
    const jobId = await submit("Anteckningar ärende 12");
    const jobs = await fixture.admin.json<Record<string, unknown>[]>("GET", "/api/jobs");
    const listed = jobs.find((job) => job.id === jobId)!;
    expect(listed).toMatchObject({ owner: PERSON.username, state: "held", copies: 1 });
    expect(Object.keys(listed)).not.toContain("title");
    expect(JSON.stringify(jobs)).not.toContain("Anteckningar");
    expect((await fixture.admin.request("POST", `/api/jobs/${jobId}/title`, { reason: "" })).status).toBe(400);
    const revealed = await fixture.admin.json<{ title: string }>("POST", `/api/jobs/${jobId}/title`, { reason: "IMY incident 2026-14" });
    expect(revealed.title).toBe("Anteckningar ärende 12");
    const entries = await entriesOfType("job.title-revealed");
    expect(entries.map((entry) => [entry.actor, entry.subject, entry.details])).toEqual([[`admin:eva`, `job:${jobId}`, { owner: PERSON.username, reason: "IMY incident 2026-14" }]]);
  });

  test("an admin deletes a held job with a reason: key and file destroyed, job.deleted audited", async () => {
    const jobId = await submit("Delete me");
    const spoolFiles = async () => (await import("node:fs/promises")).readdir(fixture.server.context.spoolDir);
    const filesBefore = (await spoolFiles()).length;
    expect((await fixture.admin.request("POST", `/api/jobs/${jobId}/delete`, {})).status).toBe(400);
    await fixture.admin.json("POST", `/api/jobs/${jobId}/delete`, { reason: "Sent to the wrong queue by mistake" });
    const row = await findJob(fixture.server.context.db, jobId);
    expect(row).toMatchObject({ state: "deleted", wrappedKey: null, sealedTitle: null });
    expect((await spoolFiles()).length).toBe(filesBefore - 1);
    const deleted = (await entriesOfType("job.deleted")).filter((entry) => entry.subject === `job:${jobId}`);
    expect(deleted.map((entry) => [entry.actor, entry.details])).toEqual([["admin:eva", { owner: PERSON.username, reason: "Sent to the wrong queue by mistake" }]]);
    // Gone is gone: a second delete and a title reveal are refused.
    expect((await fixture.admin.request("POST", `/api/jobs/${jobId}/delete`, { reason: "again" })).status).toBe(409);
    expect((await fixture.admin.request("POST", `/api/jobs/${jobId}/title`, { reason: "again" })).status).toBe(409);
    expect((await fixture.admin.request("POST", `/api/jobs/999999/delete`, { reason: "nothing" })).status).toBe(404);
  });

  test("no API answer carries a document's content", async () => {
    await submit("Content check");
    const bodies: string[] = [];
    for (const path of ["/api/jobs", "/api/printers", "/api/kiosks", "/api/users", "/api/stats", "/api/audit?limit=200", "/api/audit/export?format=jsonl", "/api/audit/export?format=csv"]) {
      bodies.push(await (await fixture.admin.request("GET", path)).text());
    }
    expect(bodies.join("\n")).not.toContain(MARKER);
    expect(bodies.join("\n")).not.toContain("%PDF");
  });
});

describe("people and cards", () => {
  test("an enrolment code is shown once, stored hashed, and links a new card at a kiosk once", async () => {
    const issued = await fixture.admin.json<{ code: string; expiresAt: string }>("POST", `/api/users/${PERSON.username}/enrolment-codes`);
    expect(issued.code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    const stored = await onDatabaseFile(fixture.server.dataDir, 'SELECT * FROM "EnrolmentCode"');
    expect(JSON.stringify(stored)).not.toContain(issued.code);
    const agent = await connectKiosk(fixture.server.baseUrl, fixture.agentToken, "agent");
    await agent.next("kiosk:hello");
    const presented = await agent.emit("card:present", { card: "04A1B2C3" });
    expect(presented).toMatchObject({ ok: true, outcome: "unknown-card" });
    const { linkId } = await agent.next("card:unknown");
    const linked = await agent.emit("card:link", { linkId, username: PERSON.username, secret: issued.code, kind: "enrolment-code" });
    expect(linked).toMatchObject({ ok: true });
    const users = await fixture.admin.json<{ username: string; cards: { lastDigits: string }[] }[]>("GET", "/api/users");
    expect(users.find((user) => user.username === PERSON.username)!.cards.map((card) => card.lastDigits)).toEqual(["1168", "2C3"]);
    await agent.emit("card:present", { card: "04A1B2C3" }); // second tap: log out
    await agent.emit("card:present", { card: "04A1B2C4" });
    const again = await agent.next("card:unknown");
    const reused = await agent.emit("card:link", { linkId: again.linkId, username: PERSON.username, secret: issued.code, kind: "enrolment-code" });
    expect(reused).toMatchObject({ ok: false, error: { code: "not-authenticated" } });
    agent.close();
  });

  test("an admin adds a person with a card, removes the card, sets and removes a PIN, and unlocks", async () => {
    await fixture.admin.json("POST", "/api/users", { username: "Bo", displayName: "Bo Berg", cards: ["946EBD28"], pin: "4711" });
    let bo = (await fixture.admin.json<{ username: string; cards: { id: number; lastDigits: string }[]; hasPin: boolean; lockedUntil: string | null }[]>("GET", "/api/users")).find((user) => user.username === "bo")!;
    expect(bo).toMatchObject({ cards: [{ id: expect.any(Number), lastDigits: "BD28" }], hasPin: true, lockedUntil: null });
    expect(await fixture.admin.json("DELETE", `/api/users/bo/cards/${bo.cards[0]!.id}`)).toEqual({ ok: true, lastDigits: "BD28" });
    await fixture.admin.json("POST", "/api/users/bo/pin", { pin: null });
    const record = (await findUserByName(fixture.server.context.db, "bo"))!;
    await fixture.server.context.db.write((tx) => setPinState(tx, record.id, { failedPins: 5, lockedUntil: new Date(Date.now() + 600_000) }));
    bo = (await fixture.admin.json<typeof bo[]>("GET", "/api/users")).find((user) => user.username === "bo")!;
    expect(bo.lockedUntil).not.toBeNull();
    await fixture.admin.json("POST", "/api/users/bo/unlock");
    bo = (await fixture.admin.json<typeof bo[]>("GET", "/api/users")).find((user) => user.username === "bo")!;
    expect(bo).toMatchObject({ cards: [], hasPin: false, lockedUntil: null });
    expect((await fixture.admin.request("POST", "/api/users/bo/pin", { pin: "12" })).status).toBe(400);
    const changes = (await entriesOfType("admin.changed")).filter((entry) => entry.subject === "user:bo").map((entry) => entry.details);
    expect(changes).toEqual([
      { action: "added", fields: ["username", "displayName", "pin"] },
      expect.objectContaining({ action: "removed", fields: ["card"] }),
      { action: "removed", fields: ["pin"] },
      { action: "changed", fields: ["failedPins", "lockedUntil"] },
    ]);
  });
});

describe("the audit log", () => {
  test("a search is filtered by person and type, paged without overlap, and itself audited", async () => {
    const reads = (await entriesOfType("audit.read")).length;
    const page1 = await fixture.admin.json<{ total: number; entries: { seq: number; type: string; actor: string | null; subject: string | null; details: Record<string, unknown> }[]; nextBefore: number | null }>("GET", `/api/audit?person=${PERSON.username}&limit=2`);
    expect(page1.total).toBeGreaterThan(4);
    expect(page1.entries).toHaveLength(2);
    const page2 = await fixture.admin.json<typeof page1>("GET", `/api/audit?person=${PERSON.username}&limit=2&before=${page1.nextBefore}`);
    expect(page2.entries.every((entry) => entry.seq < page1.entries[1]!.seq)).toBe(true);
    const all = await fixture.admin.json<typeof page1>("GET", `/api/audit?person=${PERSON.username}&limit=200`);
    expect(all.entries).toHaveLength(all.total);
    for (const entry of all.entries) {
      expect(entry.actor === `user:${PERSON.username}` || entry.subject === `user:${PERSON.username}` || entry.details.owner === PERSON.username, JSON.stringify(entry)).toBe(true);
    }
    const submitted = await fixture.admin.json<typeof page1>("GET", `/api/audit?person=${PERSON.username}&type=job.submitted`);
    expect(submitted.entries.length).toBeGreaterThanOrEqual(3);
    expect(submitted.entries.every((entry) => entry.type === "job.submitted")).toBe(true);
    const byPrinter = await fixture.admin.json<typeof page1>("GET", `/api/audit?printer=${encodeURIComponent(PRINTER)}`);
    expect(byPrinter.entries.length).toBeGreaterThan(0);
    expect(byPrinter.entries.every((entry) => entry.subject === `printer:${PRINTER}` || entry.details.printer === PRINTER)).toBe(true);
    const recorded = await entriesOfType("audit.read");
    expect(recorded).toHaveLength(reads + 5);
    expect(recorded[reads]!.details).toMatchObject({ query: { person: PERSON.username }, results: 2, peer: "127.0.0.1" });
    expect(recorded[reads + 1]!.details).toMatchObject({ query: { person: PERSON.username, before: page1.nextBefore } });
    // Time: from inclusive, to exclusive, ISO with a zone.
    const hourAgo = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
    const hourAhead = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
    expect((await fixture.admin.json<typeof page1>("GET", `/api/audit?from=${hourAhead}`)).total).toBe(0);
    expect((await fixture.admin.json<typeof page1>("GET", `/api/audit?to=${hourAgo}`)).total).toBe(0);
    expect((await fixture.admin.json<typeof page1>("GET", `/api/audit?from=${hourAgo}&to=${hourAhead}&person=${PERSON.username}`)).total).toBe(all.total);
    expect((await fixture.admin.request("GET", `/api/audit?from=${hourAhead}&to=${hourAgo}`)).status).toBe(400);
    expect((await fixture.admin.request("GET", "/api/audit?type=job.teleported")).status).toBe(400);
    expect((await fixture.admin.request("GET", "/api/audit?from=2026-01-01T10:00")).status).toBe(400);
  });

  test("one job's timeline and one kiosk's entries are searched, and the search is audited with what was asked", async () => {
    const jobId = await submit("Tidslinje");
    const other = await submit("Annat jobb");
    type Page = { total: number; entries: { type: string; actor: string | null; subject: string | null; details: Record<string, unknown> }[] };
    const timeline = await fixture.admin.json<Page>("GET", `/api/audit?job=${jobId}`);
    expect(timeline.entries.map((entry) => entry.type)).toEqual(["job.submitted"]);
    expect(timeline.entries.every((entry) => entry.subject === `job:${jobId}`)).toBe(true);
    expect((await fixture.admin.json<Page>("GET", `/api/audit?job=${other}`)).entries.map((entry) => entry.subject)).toEqual([`job:${other}`]);
    const byKiosk = await fixture.admin.json<Page>("GET", `/api/audit?kiosk=${encodeURIComponent(KIOSK)}&limit=200`);
    expect(byKiosk.total).toBeGreaterThan(0);
    for (const entry of byKiosk.entries) {
      expect(entry.actor === `kiosk:${KIOSK}` || entry.subject === `kiosk:${KIOSK}` || entry.details.kiosk === KIOSK, JSON.stringify(entry)).toBe(true);
    }
    const reads = await entriesOfType("audit.read");
    expect(reads.at(-2)!.details).toMatchObject({ query: { subject: `job:${other}` }, results: 1 });
    expect(reads.at(-1)!.details).toMatchObject({ query: { kiosk: KIOSK } });
    expect((await fixture.admin.request("GET", "/api/audit?job=0")).status).toBe(400);
  });

  test("the checkpoint public key is offered with its SHA-256 fingerprint, as JSON and as a PEM download", async () => {
    // The key the server signs checkpoints with (made here if no checkpoint was signed yet).
    const { publicKey } = await loadOrCreateCheckpointKey(fixture.server.context.config.auditKeyFile);
    const sha256 = (der: Buffer) => createHash("sha256").update(der).digest("hex");
    const published = await fixture.admin.json<{ source: string; keys: Array<{ fingerprint: string; keyId: string; pem: string }> }>("GET", "/api/audit/public-key");
    expect(published.keys).toHaveLength(1);
    const [key] = published.keys;
    // The fingerprint is what `openssl pkey -pubin -outform DER | sha256sum` prints for the PEM, and names the signing key.
    expect(key!.fingerprint).toBe(sha256(createPublicKey(key!.pem).export({ type: "spki", format: "der" })));
    expect(key!.fingerprint).toBe(sha256(publicKey.export({ type: "spki", format: "der" })));
    expect(key!.keyId).toBe(key!.fingerprint.slice(0, 16));
    expect(key!.pem).not.toMatch(/PRIVATE/);

    const download = await fixture.admin.request("GET", "/api/audit/public-key.pem");
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="printvakt-audit-public-key.pem"');
    expect(await download.text()).toBe(key!.pem);
  });

  test("an export is a download, audited as audit.exported, and verify answers and is audited", async () => {
    const exports = (await entriesOfType("audit.exported")).length;
    const response = await fixture.admin.request("GET", "/api/audit/export?format=csv&type=job.submitted");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="printvakt-audit-.*\.csv"$/);
    // The bytes, not text(): fetch's decoder drops a byte-order mark.
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trim().split("\n");
    expect(lines[0]).toBe("seq;at;type;actor;subject;details;prevHash;hash");
    expect(lines.slice(1).every((line) => line.includes(";job.submitted;"))).toBe(true);
    const recorded = await entriesOfType("audit.exported");
    expect(recorded).toHaveLength(exports + 1);
    expect(recorded.at(-1)!).toMatchObject({ actor: "admin:eva", details: { format: "csv", entries: lines.length - 1, types: ["job.submitted"] } });
    const verified = await fixture.admin.json<{ ok: boolean; entries: number }>("POST", "/api/audit/verify");
    expect(verified.ok).toBe(true);
    expect(verified.entries).toBeGreaterThan(10);
    expect((await entriesOfType("audit.verified")).at(-1)!).toMatchObject({ actor: "admin:eva", details: { ok: true } });
  });
});
