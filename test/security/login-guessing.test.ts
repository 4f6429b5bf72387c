// Review finding M1, replayed: console logins sent at once must not get more password checks than
// the limits allow: per address and account, and per account across addresses. Real server, real
// sockets from distinct loopback addresses, real argon2.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addAdmin } from "../../server/admin/admins.js";
import { FAILURES_PER_ACCOUNT, FAILURES_PER_ACCOUNT_ANYWHERE } from "../../server/admin-api/login-limiter.js";
import { secretCheckGate } from "../../server/identity/secret-check-gate.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { auditRows } from "../support/database-rows.js";

const admin = { label: "admin:test", role: "admin" as const };
const EVA = { username: "eva", password: "eva-real-password-2026" };
const ADA = { username: "ada", password: "ada-real-password-2026" };
let server: InProcessServer;

/** POST /api/login from `localAddress` (fetch cannot pick the source address); the HTTP status. */
function login(username: string, password: string, localAddress: string): Promise<number> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: server.port, path: "/api/login", method: "POST", localAddress, agent: false, headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), "X-CSRF-Token": "login" } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function loginFailures(account: string): Promise<string[]> {
  const rows = await auditRows(server.context.db, { types: ["admin.login-failed"], subject: `admin:${account}` });
  return rows.map((row) => row.details.reason as string);
}

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

beforeAll(async () => {
  server = await startInProcessServer();
  await addAdmin(server.context.db, admin, { ...EVA, role: "admin" });
  await addAdmin(server.context.db, admin, { ...ADA, role: "auditor" });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("console logins sent at once", () => {
  test(`30 at once for one account from one address, the real password at #16: ${FAILURES_PER_ACCOUNT} are checked, none gets in`, async () => {
    const checksBefore = secretCheckGate.stats.started;
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, index) => login(EVA.username, index === 15 ? EVA.password : `wrong-${index}`, "127.0.0.9")));
    expect(tally(statuses)).toEqual({ 401: FAILURES_PER_ACCOUNT, 429: 30 - FAILURES_PER_ACCOUNT });
    expect(secretCheckGate.stats.started - checksBefore).toBe(FAILURES_PER_ACCOUNT);
    // Every checked failure is audited; of the refusals only the first of the window, so a flood stays small.
    expect((await loginFailures(EVA.username)).sort()).toEqual(["rate-limited", ...Array(FAILURES_PER_ACCOUNT).fill("wrong-password")]);
  }, 60_000);

  test(`30 at once for one account, each from its own address: ${FAILURES_PER_ACCOUNT_ANYWHERE} are checked across all of them`, async () => {
    const checksBefore = secretCheckGate.stats.started;
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, index) => login(ADA.username, `wrong-${index}`, `127.0.1.${index + 1}`)));
    expect(tally(statuses)).toEqual({ 401: FAILURES_PER_ACCOUNT_ANYWHERE, 429: 30 - FAILURES_PER_ACCOUNT_ANYWHERE });
    expect(secretCheckGate.stats.started - checksBefore).toBe(FAILURES_PER_ACCOUNT_ANYWHERE);
    expect((await loginFailures(ADA.username)).filter((reason) => reason === "wrong-password").length).toBe(FAILURES_PER_ACCOUNT_ANYWHERE);
    // The account is what is limited, not the addresses: eva's real password still works from a fresh address.
    expect(await login(EVA.username, EVA.password, "127.0.2.1")).toBe(200);
  }, 60_000);
});
