// The console's incident view through its API: one person's timeline (cards by ending only, read
// audited), and finding jobs by title, which needs a reason and leaves only a keyed hash in the log.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { keyedHash } from "../../server/audit/keyed-hash.js";
import { login, type ConsoleClient } from "../browser/support/console-client.js";
import { AUDITOR, KIOSK, PERSON, PRINTER, startFixture, type Fixture } from "../browser/support/fixture.js";
import { submitPrintJob } from "../browser/support/print-job.js";
import { auditEntries } from "../support/database-rows.js";
import { makePdf } from "../support/pdf.js";
import { releaseAtKiosk } from "../support/release-at-kiosk.js";

const TITLE = "Orosanmälan Bertil Öberg.pdf";

let fixture: Fixture;
let auditor: ConsoleClient;
let releasedJob: number;
let heldJob: number;

interface TimelineEntry { seq: number; type: string; subject: string | null; card: string | null; details: Record<string, unknown> }

beforeAll(async () => {
  fixture = await startFixture();
  auditor = await login(fixture.server.baseUrl, AUDITOR.username, AUDITOR.password);
  releasedJob = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: TITLE, document: makePdf() });
  heldJob = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Protokoll", document: makePdf() });
  await releaseAtKiosk(fixture.server.baseUrl, fixture.agentToken, PERSON.card, releasedJob, "incident-release");
});

afterAll(async () => {
  await fixture?.stop();
});

describe("a person's timeline", () => {
  test("tells an auditor, oldest first, the person's account, jobs and sessions, naming the card only by its ending", async () => {
    const response = await auditor.request("GET", `/api/audit/person-timeline?person=${PERSON.username}`);
    expect(response.status).toBe(200);
    const body = await response.text();
    // The card's number never leaves the server, not even inside a hash's neighbourhood.
    expect(body).not.toContain(PERSON.card);
    const page = JSON.parse(body) as { person: string; displayName: string; entries: TimelineEntry[]; nextBefore: number | null };
    expect(page.person).toBe(PERSON.username);
    expect(page.displayName).toBe(PERSON.displayName);
    expect(page.nextBefore).toBeNull();
    const seqs = page.entries.map((entry) => entry.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const about = page.entries.map((entry) => `${entry.type} ${entry.subject}`);
    expect(about).toEqual([`admin.changed user:${PERSON.username}`, `card.linked user:${PERSON.username}`, `job.submitted job:${releasedJob}`, `job.submitted job:${heldJob}`, `session.started kiosk:${KIOSK}`, `job.released job:${releasedJob}`, `session.ended kiosk:${KIOSK}`]);
    const ending = `…${PERSON.card.slice(-4)}`;
    expect(page.entries.find((entry) => entry.type === "session.started")!.card).toBe(ending);
    const released = page.entries.find((entry) => entry.type === "job.released")!;
    expect(released.card).toBe(ending);
    expect(released.details).toMatchObject({ printer: PRINTER, kiosk: KIOSK });
    expect(page.entries.find((entry) => entry.type === "card.linked")!.card).toBe(ending);
    expect(page.entries.find((entry) => entry.type === "job.submitted")!.card).toBeNull();
  });

  test("reading it is recorded as an audit read naming the person, by the auditor", async () => {
    const before = (await auditEntries(fixture.server.context.db, ["audit.read"])).length;
    await auditor.json("GET", `/api/audit/person-timeline?person=${PERSON.username.toUpperCase()}`);
    const reads = await auditEntries(fixture.server.context.db, ["audit.read"]);
    expect(reads).toHaveLength(before + 1);
    expect(reads.at(-1)).toMatchObject({ actor: `admin:${AUDITOR.username}`, details: { query: { person: PERSON.username, timeline: true }, results: 7 } });
  });

  test("pages back in time with a cursor, each page still oldest first", async () => {
    const first = await auditor.json<{ entries: TimelineEntry[]; nextBefore: number }>("GET", `/api/audit/person-timeline?person=${PERSON.username}&limit=2`);
    expect(first.entries.map((entry) => entry.type)).toEqual(["job.released", "session.ended"]);
    const second = await auditor.json<{ entries: TimelineEntry[] }>("GET", `/api/audit/person-timeline?person=${PERSON.username}&limit=2&before=${first.nextBefore}`);
    expect(second.entries.map((entry) => entry.type)).toEqual(["job.submitted", "session.started"]);
  });

  test("without a person the request is refused", async () => {
    expect((await auditor.request("GET", "/api/audit/person-timeline")).status).toBe(400);
  });
});

describe("searching by title", () => {
  test("is refused without a reason, and nothing is searched or recorded", async () => {
    const before = (await auditEntries(fixture.server.context.db)).length;
    for (const body of [{ title: TITLE }, { title: TITLE, reason: "   " }]) {
      const response = await auditor.request("POST", "/api/audit/title-search", body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe("reason: give a reason for searching titles");
    }
    expect(await auditEntries(fixture.server.context.db)).toHaveLength(before);
  });

  test("finds the job with that exact title, and the log keeps the reason and only a keyed hash of the text", async () => {
    const answer = await auditor.json<{ jobs: { id: number; owner: string; state: string }[] }>("POST", "/api/audit/title-search", { title: TITLE, reason: "Ärende 2026-118: anmälan utskriven på fel våning" });
    expect(answer.jobs).toEqual([{ id: releasedJob, owner: PERSON.username, submittedAt: expect.any(String), state: "released" }]);
    const searches = await auditEntries(fixture.server.context.db, ["audit.title-searched"]);
    expect(searches).toHaveLength(1);
    expect(searches[0]).toMatchObject({
      actor: `admin:${AUDITOR.username}`,
      subject: null,
      details: { titleHash: keyedHash(fixture.server.context.auditHashKey, TITLE), reason: "Ärende 2026-118: anmälan utskriven på fel våning", results: 1 },
    });
    // The searched text is nowhere in the log: not in this entry, not in any other.
    const everything = JSON.stringify(await auditEntries(fixture.server.context.db));
    expect(everything).not.toContain("Orosanmälan");
  });

  test("a title nobody printed finds nothing, and that search is recorded too", async () => {
    const answer = await auditor.json<{ jobs: unknown[] }>("POST", "/api/audit/title-search", { title: "Orosanmälan", reason: "prefix is not enough" });
    expect(answer.jobs).toEqual([]);
    expect((await auditEntries(fixture.server.context.db, ["audit.title-searched"])).at(-1)!.details).toMatchObject({ results: 0 });
  });
});
