// One `printvakt serve` per data directory (review F3), against the real built server: a second one
// on the same directory refuses to start in one line naming it, before any sweep, so the first
// one's held job and its document stay; the admin commands keep working beside the running server;
// and a server killed with SIGKILL leaves no lock behind (the kernel released it).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { jobOf, spoolFiles } from "../support/printvakt-data.js";
import { serveExpectingRefusal } from "../support/printvakt-refusal.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";

const servers: ServerProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function serve(dataDir: string): Promise<ServerProcess> {
  const server = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: dataDir });
  servers.push(server);
  return server;
}

test("a second server on the same data directory refuses to start and touches nothing; after the first is killed, one starts", async () => {
  const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "printvakt-serve-lock-")), "data");
  const first = await serve(dataDir);
  const answer = await printJob(first.port, { user: "alva", title: "Lönelista", document: makePdf() });
  expect(answer.status).toBe("successful-ok");
  const documents = await spoolFiles(dataDir);
  expect(documents).toHaveLength(1);

  const refusal = await serveExpectingRefusal({ PRINTVAKT_DATA_DIR: dataDir });
  expect(refusal.code).toBe(1);
  expect(refusal.stderr.trimEnd().split("\n"), "one line").toEqual([expect.stringMatching(/^printvakt: refusing to start: another printvakt serve already runs on the data directory /)]);
  expect(refusal.stderr).toContain(dataDir);
  expect((await jobOf(dataDir, answer.jobId!))?.state).toBe("held");
  expect(await spoolFiles(dataDir)).toEqual(documents);

  // The admin commands do not take the lock: they write through SQLite's transactions beside the server.
  const added = await runPrintvakt(["user", "add", "bodil", "--name", "Bodil"], { env: { PRINTVAKT_DATA_DIR: dataDir } });
  expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining("user bodil added") });

  expect(await first.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
  servers.splice(servers.indexOf(first), 1);
  await serve(dataDir);
  expect((await jobOf(dataDir, answer.jobId!))?.state).toBe("held");
  expect(await spoolFiles(dataDir)).toEqual(documents);
});
