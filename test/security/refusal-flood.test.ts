// A flood of identical bad requests stays visible in the audit log and bounded: the real server,
// 200 refusals at once from one address, a few from another. Each address gets one job.rejected
// entry at once and one job.rejected-repeated with the rest of its count when the server stops.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditEntries } from "../support/printvakt-data.js";
import { postIpp } from "../support/ipp-http.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { runPrintvakt } from "../support/printvakt-cli.js";

/** At least 8 octets, so the refusal is an IPP answer (client-error-bad-request), not an HTTP 400. */
const NOT_IPP = Buffer.from("this is not an IPP request at all");
const FLOOD = 200;
const OTHER_CLIENT = "127.0.0.2";
const OTHER_REQUESTS = 3;

let server: InProcessServer;
let stopped = false;

beforeAll(async () => {
  server = await startInProcessServer();
});

afterAll(async () => {
  if (!stopped) await server.stop();
  else await rm(server.dataDir, { recursive: true, force: true });
});

describe("a flood of identical refusals", () => {
  test(`${FLOOD} at once from one address and ${OTHER_REQUESTS} from another: all answered, one job.rejected per address while the window is open`, async () => {
    const flood = Array.from({ length: FLOOD }, () => postIpp({ port: server.port }, NOT_IPP));
    const other = Array.from({ length: OTHER_REQUESTS }, () => postIpp({ port: server.port, localAddress: OTHER_CLIENT }, NOT_IPP));
    const answers = await Promise.all([...flood, ...other]);
    // Every request is still answered: coalescing changes what is written, not what the client gets.
    expect(answers.map((answer) => answer.status)).toEqual(Array(FLOOD + OTHER_REQUESTS).fill(200));
    const rejected = (await auditEntries(server.dataDir)).filter((entry) => entry.type.startsWith("job.rejected"));
    expect(rejected.map((entry) => [entry.type, entry.details.peer, entry.details.operation]).sort()).toEqual([
      ["job.rejected", "127.0.0.1", "undecodable"],
      ["job.rejected", OTHER_CLIENT, "undecodable"],
    ]);
  });

  test("stopping the server writes each address's summary with the exact count, and the chain verifies", async () => {
    await server.stop({ keepData: true });
    stopped = true;
    const entries = await auditEntries(server.dataDir);
    const summaries = entries.filter((entry) => entry.type === "job.rejected-repeated");
    expect(summaries.map((entry) => [entry.details.peer, entry.details.count]).sort()).toEqual([
      ["127.0.0.1", FLOOD - 1],
      [OTHER_CLIENT, OTHER_REQUESTS - 1],
    ]);
    const verify = await runPrintvakt(["audit", "verify"], { env: { PRINTVAKT_DATA_DIR: server.dataDir } });
    expect(verify.stdout).toMatch(/^audit log intact: /);
    expect(verify.code).toBe(0);
  });
});
