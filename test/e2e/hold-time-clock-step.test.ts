// A wall-clock step cannot purge held jobs early (issue 12, review D11): a started server under
// libfaketime (Debian `faketime`, scripts/install-test-deps.sh) whose wall clock jumps +5 h for four
// seconds and back; the monotonic clock is left alone, as on a real host whose date is stepped.
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { openDatabase } from "../../server/store/database.js";
import { runIpptool } from "../support/ipptool.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";
import { allJobs } from "../support/database-rows.js";

const LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
});

async function jobStates(dataDir: string): Promise<string[]> {
  const db = await openDatabase(`file:${path.join(dataDir, "printvakt.db")}`, { readOnly: true });
  try {
    return (await allJobs(db)).map((job) => job.state);
  } finally {
    await db.close();
  }
}

test("+5 h for four seconds purges nothing; a job held its full hold time is purged", async () => {
  if (!existsSync(LIBFAKETIME)) throw new Error(`${LIBFAKETIME} is missing: install the Debian package faketime (scripts/install-test-deps.sh)`);
  const work = await mkdtemp(path.join(tmpdir(), "printvakt-clock-"));
  const offsetFile = path.join(work, "offset");
  await writeFile(offsetFile, "+0\n");
  server = await startPrintvaktServer({
    LD_PRELOAD: LIBFAKETIME,
    FAKETIME_TIMESTAMP_FILE: offsetFile,
    FAKETIME_NO_CACHE: "1",
    DONT_FAKE_MONOTONIC: "1",
    PRINTVAKT_HOLD_TIME: "20s",
    PRINTVAKT_RETENTION_TICK: "1s",
  });
  const result = await runIpptool({ uri: `ipp://127.0.0.1:${server.port}/ipp/print`, testFile: "print-job.test", timeoutMs: 60_000 });
  expect(result.passed.length, result.output).toBeGreaterThan(0);
  const held = await jobStates(server.dataDir);
  expect(held.length).toBeGreaterThan(0);
  expect(new Set(held)).toEqual(new Set(["held"]));

  await writeFile(offsetFile, "+5h\n");
  await sleep(4_000);
  await writeFile(offsetFile, "+0\n");
  await sleep(2_000);
  // Several ticks ran with the wall clock 5 h ahead: every job is still held.
  expect(await jobStates(server.dataDir)).toEqual(held);

  // After the full 20 s of holding (and a few ticks), they go.
  await sleep(18_000);
  expect(new Set(await jobStates(server.dataDir))).toEqual(new Set(["purged"]));
}, 120_000);
