// Evidence of one job or one person: the console API signs the selected entries up to a checkpoint
// it takes at once, and `printvakt audit verify-evidence` checks the file offline with the public
// key alone, failing on any altered, added or removed row and on a key that did not sign it.
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashEntry } from "../../server/audit/chain.js";
import { login, type ConsoleClient } from "../browser/support/console-client.js";
import { AUDITOR, PERSON, PRINTER, startFixture, type Fixture } from "../browser/support/fixture.js";
import { submitPrintJob } from "../browser/support/print-job.js";
import { auditEntries } from "../support/database-rows.js";
import { makePdf } from "../support/pdf.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { releaseAtKiosk } from "../support/release-at-kiosk.js";

interface Row { seq: number; at: string; type: string; actor: string | null; subject: string | null; details: Record<string, unknown>; prevHash: string; hash: string }
interface Evidence { format: string; selection: unknown; entries: Row[]; checkpoint: { seq: number }; statement: { entries: { seq: number; hash: string }[] } }

let fixture: Fixture;
let auditor: ConsoleClient;
let directory: string;
let publicKey: string;
let jobId: number;

beforeAll(async () => {
  fixture = await startFixture();
  auditor = await login(fixture.server.baseUrl, AUDITOR.username, AUDITOR.password);
  directory = await mkdtemp(path.join(tmpdir(), "printvakt-evidence-"));
  jobId = await submitPrintJob({ port: fixture.server.port, user: PERSON.username, title: "Beslut", document: makePdf() });
  await releaseAtKiosk(fixture.server.baseUrl, fixture.agentToken, PERSON.card, jobId, "evidence-release");
});

afterAll(async () => {
  await fixture?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function evidenceOf(query: string): Promise<{ text: string; evidence: Evidence; disposition: string | null }> {
  const response = await auditor.request("GET", `/api/audit/evidence?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  const text = await response.text();
  return { text, evidence: JSON.parse(text) as Evidence, disposition: response.headers.get("content-disposition") };
}

async function verifyFile(name: string, content: unknown, keyFile = publicKey) {
  const file = path.join(directory, name);
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return runPrintvakt(["audit", "verify-evidence", file, "--public-key", keyFile]);
}

const copy = (evidence: Evidence): Evidence => structuredClone(evidence);

describe("a job's evidence", () => {
  let original: Evidence;

  test("is the job's entries up to a checkpoint taken now, as a download, and the export is recorded", async () => {
    const checkpointsBefore = (await auditEntries(fixture.server.context.db, ["audit.checkpoint"])).length;
    const { evidence, disposition } = await evidenceOf(`job=${jobId}`);
    original = evidence;
    expect(disposition).toBe(`attachment; filename="printvakt-evidence-job-${jobId}.json"`);
    expect(evidence.format).toBe("printvakt-audit-evidence-v1");
    expect(evidence.selection).toEqual({ job: jobId });
    expect(evidence.entries.map((row) => row.type)).toEqual(["job.submitted", "job.released"]);
    expect(evidence.statement.entries).toEqual(evidence.entries.map((row) => ({ seq: row.seq, hash: row.hash })));
    const checkpoints = await auditEntries(fixture.server.context.db, ["audit.checkpoint"]);
    expect(checkpoints).toHaveLength(checkpointsBefore + 1);
    expect(checkpoints.at(-1)!.details.seq).toBe(evidence.checkpoint.seq);
    expect((await auditEntries(fixture.server.context.db, ["audit.evidence-exported"])).at(-1)).toMatchObject({
      actor: `admin:${AUDITOR.username}`,
      subject: `job:${jobId}`,
      details: { entries: 2, checkpointSeq: evidence.checkpoint.seq },
    });
    const pem = await auditor.request("GET", "/api/audit/public-key.pem");
    publicKey = path.join(directory, "printvakt-audit.pem");
    await writeFile(publicKey, await pem.text());
  });

  test("verifies offline with the public key", async () => {
    const result = await verifyFile("job.json", original);
    expect(result.stdout).toBe(`evidence intact: 2 entries about job ${jobId}, up to the signed checkpoint at seq ${original.checkpoint.seq}, signed by key ${(original.statement as unknown as { keyId: string }).keyId}\n`);
    expect(result.code).toBe(0);
  });

  test("fails on a row whose content was changed", async () => {
    const altered = copy(original);
    altered.entries[1]!.details.printer = "Plan 4";
    const result = await verifyFile("altered.json", altered);
    expect(result.stdout).toBe(`evidence NOT intact: row 2 (seq ${altered.entries[1]!.seq}): altered: its content no longer matches its hash\n`);
    expect(result.code).toBe(2);
  });

  test("fails on a changed row even when its hash was recomputed to match", async () => {
    const forged = copy(original);
    const row = forged.entries[1]!;
    row.details.printer = "Plan 4";
    row.hash = hashEntry({ ...row, at: new Date(row.at), details: row.details as never }, row.prevHash);
    const result = await verifyFile("forged.json", forged);
    expect(result.stdout).toBe(`evidence NOT intact: row 2 (seq ${row.seq}): not the entry the statement names\n`);
    expect(result.code).toBe(2);
  });

  test("fails on a removed row and on a changed time", async () => {
    const shortened = copy(original);
    shortened.entries.pop();
    expect(await verifyFile("shortened.json", shortened)).toMatchObject({ code: 2, stdout: "evidence NOT intact: 1 rows, but the statement names 2: rows were added or removed\n" });
    const redated = copy(original);
    redated.entries[0]!.at = "2026-01-01T00:00:00.000Z";
    expect(await verifyFile("redated.json", redated)).toMatchObject({ code: 2, stdout: `evidence NOT intact: row 1 (seq ${redated.entries[0]!.seq}): altered: its content no longer matches its hash\n` });
  });

  test("fails against a key that did not sign it", async () => {
    const other = path.join(directory, "other.pem");
    await writeFile(other, generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString());
    const result = await verifyFile("job-other-key.json", original, other);
    expect(result.stdout).toMatch(/^evidence NOT intact: signed by key [0-9a-f]{16}, which is not among the public keys given\n$/);
    expect(result.code).toBe(2);
  });

  test("a file that is not JSON is a failed command, not a verdict", async () => {
    const result = await verifyFile("garbage.json", "not json");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not JSON/);
  });
});

describe("a person's evidence", () => {
  test("holds only entries about the person and verifies offline", async () => {
    const { evidence } = await evidenceOf(`person=${PERSON.username}`);
    expect(evidence.selection).toEqual({ person: PERSON.username });
    const types = evidence.entries.map((row) => row.type);
    expect(types).toEqual(["admin.changed", "card.linked", "job.submitted", "session.started", "job.released", "session.ended"]);
    expect(evidence.entries.find((row) => row.type === "job.released")!.details).toMatchObject({ printer: PRINTER });
    const result = await verifyFile("person.json", evidence);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^evidence intact: 6 entries about person ${PERSON.username}, `));
  });

  test("naming neither or both a job and a person is refused", async () => {
    expect((await auditor.request("GET", "/api/audit/evidence")).status).toBe(400);
    expect((await auditor.request("GET", `/api/audit/evidence?job=${jobId}&person=${PERSON.username}`)).status).toBe(400);
  });

  test("a job nobody knows has no evidence", async () => {
    expect((await auditor.request("GET", "/api/audit/evidence?job=999999")).status).toBe(404);
  });
});
