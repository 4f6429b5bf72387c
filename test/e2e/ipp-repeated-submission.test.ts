// A resent Print-Job (same job-uuid, or the same document within seconds) is answered with the first
// job, through real ipptool against a started server (issue 12).
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openDatabase } from "../../server/store/database.js";
import { runIpptool } from "../support/ipptool.js";
import { writeIpptoolTest } from "../support/ipptool-test-file.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";
import { allJobs } from "../support/database-rows.js";

let server: ServerProcess;
let work: string;
beforeAll(async () => {
  // Room for the concurrent resends below, all from 127.0.0.1.
  server = await startPrintvaktServer({ PRINTVAKT_MAX_UPLOADS_PER_ADDRESS: "32" });
  work = await mkdtemp(path.join(tmpdir(), "printvakt-repeat-"));
});
afterAll(async () => {
  await server?.stop();
});

function testFile(name: string, jobUuid: string | null, jobName?: string): Promise<string> {
  const attributes = [
    "ATTR name requesting-user-name anna",
    ...(jobUuid === null ? [] : [`ATTR uri job-uuid ${jobUuid}`]),
    ...(jobName === undefined ? [] : [`ATTR name job-name "${jobName}"`]),
    "ATTR mimeMediaType document-format application/pdf",
    "FILE $filename",
  ];
  return writeIpptoolTest(work, name, [{ name: "Print-Job", operation: "Print-Job", attributes, status: "successful-ok", then: ["DISPLAY job-id"] }]);
}

async function pdf(name: string, text: string): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, `%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
  return file;
}

async function printJob(test: string, document: string): Promise<number> {
  const result = await runIpptool({ uri: `ipp://127.0.0.1:${server.port}/ipp/print`, testFile: test, document, timeoutMs: 60_000 });
  expect(result.failed, result.output).toEqual([]);
  return Number(/job-id \(integer\) = (\d+)/.exec(result.output)![1]);
}

async function jobs(): Promise<{ id: number; state: string }[]> {
  const db = await openDatabase(`file:${path.join(server.dataDir, "printvakt.db")}`, { readOnly: true });
  try {
    return (await allJobs(db)).map(({ id, state }) => ({ id, state }));
  } finally {
    await db.close();
  }
}

test("same job-uuid twice: one held job, the same job-id; concurrent resends: one job; another document or another title: a second job", async () => {
  const withUuid = await testFile("uuid.test", "urn:uuid:11111111-2222-4333-8444-555555555555");
  const plain = await testFile("plain.test", null);
  const first = await pdf("first.pdf", "first");
  const firstId = await printJob(withUuid, first);
  expect(await printJob(withUuid, first)).toBe(firstId);
  expect(await jobs()).toEqual([{ id: firstId, state: "held" }]);

  // Twenty identical requests without job-uuid at once: one job.
  const second = await pdf("second.pdf", "second");
  const ids = await Promise.all(Array.from({ length: 20 }, () => printJob(plain, second)));
  expect(new Set(ids).size).toBe(1);
  expect(ids[0]).not.toBe(firstId);

  const third = await pdf("third.pdf", "third");
  const thirdId = await printJob(plain, third);
  // The same document again at once, but under another title: a person asking for a second job.
  const retitledId = await printJob(await testFile("titled.test", null, "Kopia till arkivet"), third);
  expect(retitledId).not.toBe(thirdId);
  expect((await jobs()).map((job) => job.id)).toEqual([firstId, ids[0], thirdId, retitledId]);
  // The repeats' own copies of the document were removed: one spool file per job.
  expect((await readdir(path.join(server.dataDir, "spool"))).filter((name) => !name.startsWith("."))).toHaveLength(4);
}, 120_000);
