// Review finding M2 (and L1), replayed: HTTP Basic passwords guessed against the IPP endpoint,
// 200 at once, are limited (per address and account, and per account across addresses) and
// audited — coalesced, so the flood is a few entries with exact counts, not 200 rows.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { uri } from "../../core/ipp/codec/values.js";
import { attr } from "../../core/ipp/codec/values.js";
import { addUser, setUserPassword } from "../../server/admin/users.js";
import { BASIC_AUTH_LIMITS } from "../../server/ipp/basic-auth.js";
import { secretCheckGate } from "../../server/identity/secret-check-gate.js";
import { requestBytes } from "../support/ipp-client.js";
import { postIpp } from "../support/ipp-http.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { auditEntries } from "../support/printvakt-data.js";

const admin = { label: "admin:test", role: "admin" as const };
const BOB = { username: "bob", password: "bob-print-password-12" };
const GUESSES = 200;
const RIGHT_AT = 150;
let server: InProcessServer;
let stopped = false;

/** Get-Printer-Attributes with Basic credentials, from `localAddress`; the HTTP status. */
async function withBasic(username: string, password: string, localAddress = "127.0.0.1"): Promise<number> {
  const body = requestBytes({ url: server.baseUrl, operation: IppOperation.getPrinterAttributes, attributes: [attr("printer-uri", uri(`ipp://127.0.0.1:${server.port}/ipp/print`))] });
  const answer = await postIpp({ port: server.port, localAddress, headers: { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` } }, body);
  return answer.status;
}

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

beforeAll(async () => {
  server = await startInProcessServer();
  await addUser(server.context.db, admin, server.context, { username: BOB.username, cards: ["2000002"] });
  await setUserPassword(server.context.db, admin, BOB.username, BOB.password);
  await addUser(server.context.db, admin, server.context, { username: "carol", cards: ["3000003"] });
  await setUserPassword(server.context.db, admin, "carol", "carol-print-password-12");
}, 60_000);

afterAll(async () => {
  if (!stopped) await server?.stop();
  else await rm(server.dataDir, { recursive: true, force: true });
});

describe("HTTP Basic guessing on the IPP endpoint", () => {
  test(`${GUESSES} wrong passwords at once for one account, the right one at #${RIGHT_AT}: ${BASIC_AUTH_LIMITS.addressAccount.tries} are checked, none accepted`, async () => {
    const checksBefore = secretCheckGate.stats.started;
    const statuses = await Promise.all(Array.from({ length: GUESSES }, (_, index) => withBasic(BOB.username, index === RIGHT_AT ? BOB.password : `guess-${index}`)));
    const tries = BASIC_AUTH_LIMITS.addressAccount.tries;
    expect(tally(statuses)).toEqual({ 401: tries, 429: GUESSES - tries });
    expect(secretCheckGate.stats.started - checksBefore).toBe(tries);
  }, 60_000);

  test(`30 wrong passwords at once for one account, each from its own address: ${BASIC_AUTH_LIMITS.account.tries} checked in all`, async () => {
    const checksBefore = secretCheckGate.stats.started;
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, index) => withBasic("carol", `guess-${index}`, `127.0.3.${index + 1}`)));
    expect(tally(statuses)).toEqual({ 401: BASIC_AUTH_LIMITS.account.tries, 429: 30 - BASIC_AUTH_LIMITS.account.tries });
    expect(secretCheckGate.stats.started - checksBefore).toBe(BASIC_AUTH_LIMITS.account.tries);
  }, 60_000);

  test("every refusal is audited with the account as subject, coalesced: the flood is four entries with exact counts", async () => {
    const whileRunning = (await auditEntries(server.dataDir)).filter((entry) => entry.subject === `user:${BOB.username}` && entry.type.startsWith("job.rejected"));
    expect(whileRunning.map((entry) => [entry.type, entry.details.operation, entry.details.errorCode, entry.details.peer]).sort()).toEqual([
      ["job.rejected", "authentication", "not-authenticated", "127.0.0.1"],
      ["job.rejected", "authentication", "too-many", "127.0.0.1"],
    ]);
    await server.stop({ keepData: true });
    stopped = true;
    const entries = (await auditEntries(server.dataDir)).filter((entry) => entry.subject === `user:${BOB.username}`);
    const summaries = entries.filter((entry) => entry.type === "job.rejected-repeated").map((entry) => [entry.details.errorCode, entry.details.count]);
    const tries = BASIC_AUTH_LIMITS.addressAccount.tries;
    expect(summaries.sort()).toEqual([
      ["not-authenticated", tries - 1],
      ["too-many", GUESSES - tries - 1],
    ]);
    // carol's 30 tries from 30 addresses: one job.rejected per address, with her as subject.
    const carol = (await auditEntries(server.dataDir)).filter((entry) => entry.subject === "user:carol" && entry.type === "job.rejected");
    expect(carol.length).toBe(30);
  }, 60_000);
});
