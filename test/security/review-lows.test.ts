// The low findings of the December 2026 security review, each replayed against a started server:
// L1 (failed card links and logouts left no audit entry), L2 (refusals that differ in kind still
// grew the log one entry each), L4 (a title reveal "reason" of control characters), L6 (a
// malformed percent-encoding in an API path answered 500).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { keyedHash } from "../../server/audit/keyed-hash.js";
import { MAX_WINDOWS_PER_PEER } from "../../server/ipp/refusal-audit.js";
import { submitPrintJob } from "../browser/support/print-job.js";
import { login } from "../browser/support/console-client.js";
import { ADMIN, KIOSK, PERSON, startFixture, type Fixture } from "../browser/support/fixture.js";
import { requestBytes } from "../support/ipp-client.js";
import { postIpp } from "../support/ipp-http.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { auditRows } from "../support/database-rows.js";

let fixture: Fixture;

async function entriesOfType(type: string) {
  const rows = await auditRows(fixture.server.context.db, { types: [type] });
  return rows.map((row) => ({ actor: row.actor, subject: row.subject, details: row.details as Record<string, unknown> }));
}

beforeAll(async () => {
  fixture = await startFixture();
});

afterAll(async () => {
  await fixture?.stop();
});

describe("L6: a malformed percent-encoding in an API path", () => {
  const malformed = "/api/users/alice/cards/%E0%A4%A";

  test("answers 400 bad-request to an admin, with no internal error", async () => {
    const answer = await fixture.admin.request("DELETE", malformed);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: { code: "bad-request", message: "The request path is not valid percent-encoding" } });
  });

  test("answers 401 without a session, like every other API path", async () => {
    const answer = await fetch(`${fixture.server.baseUrl}${malformed}`, { method: "DELETE", headers: { "X-CSRF-Token": "x" } });
    expect(answer.status).toBe(401);
  });
});

describe("L4: the reason for revealing a title or deleting a job", () => {
  let jobId: number;

  beforeAll(async () => {
    jobId = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Utredning L4", document: makePdf({ text: "L4" }) });
  });

  test.each([
    ["the review's NULs between spaces", "   \u0000\u0000\u0000   "],
    ["control and invisible characters only", "\u0007\u0008\u200b\u2028\u202e\ufeff"],
    ["punctuation only", "..."],
    ["two letters", " a\u0000b "],
  ])("%s: refused with 400, the title not returned and nothing audited", async (_name, reason) => {
    const reveal = await fixture.admin.request("POST", `/api/jobs/${jobId}/title`, { reason });
    expect(reveal.status).toBe(400);
    expect(await reveal.text()).not.toContain("Utredning");
    const remove = await fixture.admin.request("POST", `/api/jobs/${jobId}/delete`, { reason });
    expect(remove.status).toBe(400);
    expect(await entriesOfType("job.title-revealed")).toEqual([]);
    expect(await entriesOfType("job.deleted")).toEqual([]);
  });

  test("a real reason with stray control characters is audited cleaned: invisible characters become one space", async () => {
    const revealed = await fixture.admin.json<{ title: string }>("POST", `/api/jobs/${jobId}/title`, { reason: "\u0000IMY\u0007\u200b  ärende\n14 " });
    expect(revealed.title).toBe("Utredning L4");
    const entries = await entriesOfType("job.title-revealed");
    expect(entries.map((entry) => entry.details.reason)).toEqual(["IMY ärende 14"]);
  });
});

describe("L1: security events that left no audit entry", () => {
  let agent: KioskClient;

  beforeAll(async () => {
    agent = await connectKiosk(fixture.server.baseUrl, fixture.agentToken, "agent");
    await agent.next("kiosk:hello");
  });

  afterAll(() => agent?.close());

  /** Badges an unknown card and answers the link offer with a name and a secret, as a person at the kiosk would. */
  async function tryLink(card: string, username: string, secret: string, kind: "password" | "enrolment-code" = "password") {
    expect(await agent.emit("card:present", { card })).toMatchObject({ ok: true, outcome: "unknown-card" });
    const { linkId } = await agent.next("card:unknown");
    return agent.emit("card:link", { linkId, username, secret, kind });
  }

  test("failed card links are audited with the account tried, and the first attempt past the limit once", async () => {
    const hashKey = fixture.server.context.auditHashKey;
    // The review's scripts/card-link.mjs: a colleague's password, a made-up code, a name nobody has.
    const refused = [
      await tryLink("7000001", PERSON.username, "guessed-password-1"),
      await tryLink("7000002", PERSON.username, "GUESSEDCODE", "enrolment-code"),
      await tryLink("7000003", "nobody-here", "guessed-password-2"),
    ];
    expect(refused.map((answer) => answer.error)).toEqual(Array(3).fill({ code: "not-authenticated", message: "The user name or the password/code is wrong" }));
    // Two more use up the five attempts a kiosk has per minute; the next three are turned away.
    await tryLink("7000004", PERSON.username, "guessed-password-3");
    await tryLink("7000005", PERSON.username, "guessed-password-4");
    const limited = [];
    for (let attempt = 0; attempt < 3; attempt++) limited.push(await agent.emit("card:link", { linkId: randomUUID(), username: PERSON.username, secret: "guessed", kind: "password" }));
    expect(limited.map((answer) => (answer.error as { code: string }).code)).toEqual(["too-many", "too-many", "too-many"]);

    const failed = await entriesOfType("card.link-failed");
    const kiosk = `kiosk:${KIOSK}`;
    const person = `user:${PERSON.username}`;
    expect(failed).toEqual([
      { actor: kiosk, subject: person, details: { reason: "wrong-password", method: "password", cardHash: keyedHash(hashKey, "7000001") } },
      { actor: kiosk, subject: person, details: { reason: "wrong-code", method: "enrolment-code", cardHash: keyedHash(hashKey, "7000002") } },
      { actor: kiosk, subject: null, details: { reason: "unknown-account", method: "password", claimedUserHash: keyedHash(hashKey, "nobody-here"), cardHash: keyedHash(hashKey, "7000003") } },
      { actor: kiosk, subject: person, details: { reason: "wrong-password", method: "password", cardHash: keyedHash(hashKey, "7000004") } },
      { actor: kiosk, subject: person, details: { reason: "wrong-password", method: "password", cardHash: keyedHash(hashKey, "7000005") } },
      { actor: kiosk, subject: person, details: { reason: "rate-limited", method: "password" } },
    ]);
  });

  test("a console logout is audited with who and from where", async () => {
    const client = await login(fixture.server.baseUrl, ADMIN.username, ADMIN.password);
    expect((await client.request("POST", "/api/logout")).status).toBe(200);
    expect(await entriesOfType("admin.logout")).toEqual([{ actor: `admin:${ADMIN.username}`, subject: null, details: { peer: "127.0.0.1" } }]);
  });
});

describe("L2: a flood of refusals of different kinds from one address", () => {
  test("200 requests with 200 different unknown operation codes write a bounded number of entries", async () => {
    const flooder = "127.0.0.5";
    const url = `http://127.0.0.1:${fixture.server.port}/ipp/print`;
    const answers = [];
    for (let code = 0; code < 200; code += 1) {
      const request = requestBytes({ url, operation: 0x4000 + code, attributes: [] });
      answers.push(await postIpp({ port: fixture.server.port, localAddress: flooder }, request));
    }
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const rejected = (await entriesOfType("job.rejected")).filter((entry) => entry.details.peer === flooder);
    // One entry per kind for the first few kinds, then one for the address's shared window.
    expect(rejected).toHaveLength(MAX_WINDOWS_PER_PEER + 1);
  });
});
