// Destroyed means destroyed (security review M6, reliability review D14): once a job is cancelled,
// deleted, released or purged, no byte of the data directory — database file, write-ahead log or
// its index — holds its wrapped key or sealed title, which together with the master key beside
// them would give back the title and the document key. Replays the review's attack: record the
// bytes, destroy the job, search every file for them, with the server still running.
import { createHash, randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import { afterEach, describe, expect, test } from "vitest";
import { encodeIppMessage } from "../../core/ipp/codec/encode.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { statusName } from "../../core/ipp/codec/status.js";
import { attr, charset, integer, name, naturalLanguage, operationGroup, uri } from "../../core/ipp/codec/values.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import { decodeIppAnswer, postIpp } from "../support/ipp-http.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { makePdf } from "../support/pdf.js";
import { cancelJob, createJob, printJob } from "../support/print-requests.js";
import { allFiles, databaseFile, filesContaining, jobOf, rawDatabase } from "../support/printvakt-data.js";

const running: InProcessServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

/** A long retention tick: nothing but the destruction itself may clean up after it. */
async function start(env: Record<string, string> = {}): Promise<InProcessServer> {
  const server = await startInProcessServer({ PRINTVAKT_RETENTION_TICK: "30s", ...env });
  running.push(server);
  return server;
}

function secretTitle(): string {
  return `WALCANARY Tolvan Tolvansson 19121212-1212 ${randomBytes(8).toString("hex")}`;
}

async function held(server: InProcessServer, user: string, title: string): Promise<number> {
  const answer = await printJob(server.port, { user, title, document: makePdf({ text: title }) });
  expect(answer.status).toBe("successful-ok");
  return answer.jobId!;
}

/** The bytes an attacker with the master key needs: the job's wrapped key and sealed title. */
async function secretsOf(server: InProcessServer, jobId: number): Promise<Record<string, Buffer>> {
  const job = (await jobOf(server.dataDir, jobId))!;
  expect(job.wrappedKey).not.toBeNull();
  expect(job.sealedTitle).not.toBeNull();
  return { wrappedKey: job.wrappedKey!, sealedTitle: job.sealedTitle! };
}

async function expectNowhere(dataDir: string, secrets: Record<string, Buffer>[]): Promise<void> {
  for (const [index, jobSecrets] of secrets.entries()) {
    for (const [what, bytes] of Object.entries(jobSecrets)) {
      expect(await filesContaining(dataDir, bytes), `job ${index + 1}'s ${what}, in ${(await allFiles(dataDir)).join(", ")}`).toEqual([]);
    }
  }
}

/** Set-Job-Attributes with a new job-name: the row is rewritten with a new sealed title. */
async function rename(server: InProcessServer, user: string, jobId: number, title: string): Promise<string> {
  const header = encodeIppMessage({
    version: { major: 2, minor: 0 },
    code: IppOperation.setJobAttributes,
    requestId: 7,
    groups: [
      operationGroup([
        attr("attributes-charset", charset("utf-8")),
        attr("attributes-natural-language", naturalLanguage("en")),
        attr("printer-uri", uri(`ipp://127.0.0.1:${server.port}/ipp/print`)),
        attr("job-id", integer(jobId)),
        attr("requesting-user-name", name(user)),
      ]),
      { tag: GroupTag.job, attributes: [attr("job-name", name(title))] },
    ],
  });
  const answer = await postIpp({ port: server.port }, header);
  return statusName(decodeIppAnswer(answer.body).code) ?? "unknown";
}

describe("destroyed jobs leave nothing the master key could open", () => {
  test("jobs cancelled over IPP, also after their row was rewritten, leave their wrapped key and sealed title in no file while the server runs", async () => {
    const server = await start();
    // Neighbours that stay held keep the destroyed rows' pages alive, where freed bytes would linger.
    await held(server, "anna", secretTitle());
    const cancelled = await held(server, "anna", secretTitle());
    const renamed = await held(server, "anna", secretTitle());
    const incoming = (await createJob(server.port, { user: "anna", title: secretTitle() })).jobId!;
    await held(server, "anna", secretTitle());
    const secrets = [await secretsOf(server, cancelled), await secretsOf(server, renamed), await secretsOf(server, incoming)];
    // The first sealed title of the renamed job is one more copy that must not survive it.
    const renameStatus = await rename(server, "anna", renamed, secretTitle());
    const renamedAgain = await secretsOf(server, renamed);
    if (renameStatus.startsWith("successful")) secrets.push({ sealedTitle: renamedAgain.sealedTitle! });
    // Every secret is somewhere in the data directory before the destruction (the test can see them).
    for (const jobSecrets of secrets) expect((await filesContaining(server.dataDir, (jobSecrets.wrappedKey ?? jobSecrets.sealedTitle)!)).length).toBeGreaterThan(0);

    for (const jobId of [cancelled, renamed, incoming]) {
      expect((await cancelJob(server.port, { user: "anna", jobId })).status).toBe("successful-ok");
    }
    for (const jobId of [cancelled, renamed, incoming]) {
      const job = (await jobOf(server.dataDir, jobId))!;
      expect(job.wrappedKey).toBeNull();
      expect(job.sealedTitle).toBeNull();
    }
    await expectNowhere(server.dataDir, secrets);
    // The write-ahead log is empty, not merely without these bytes.
    expect((await stat(`${databaseFile(server.dataDir)}-wal`)).size).toBe(0);
  });

  test("no column keeps a digest of the document after its job is destroyed; the one kept to recognise a resend is keyed, never the plain digest", async () => {
    const server = await start();
    const title = secretTitle();
    const document = makePdf({ text: title });
    const answer = await printJob(server.port, { user: "bertil", title, document });
    expect(answer.status).toBe("successful-ok");
    const jobId = answer.jobId!;
    const digestColumns = async () => {
      const raw = rawDatabase(server.dataDir);
      try {
        const columns = (await raw.execute('PRAGMA table_info("Job")')).rows.map((row) => String(row.name));
        const names = columns.filter((column) => /sha|digest/i.test(column));
        const row = (await raw.execute({ sql: `SELECT ${names.map((name) => `"${name}"`).join(", ")} FROM "Job" WHERE "id" = ?`, args: [jobId] })).rows[0]!;
        return Object.fromEntries(names.map((name) => [name, row[name] === null ? null : String(row[name])]));
      } finally {
        raw.close();
      }
    };
    // While the job is live (and only for the resend window): a keyed hash, which without the
    // master key tells nobody which document it was.
    const live = await digestColumns();
    expect(Object.keys(live)).toEqual(["documentDigest"]);
    const plain = createHash("sha256").update(document).digest();
    expect(live.documentDigest).not.toBeNull();
    for (const form of [plain.toString("hex"), plain.toString("base64"), plain.toString("base64url")]) expect(live.documentDigest).not.toContain(form);
    expect((await cancelJob(server.port, { user: "bertil", jobId })).status).toBe("successful-ok");
    expect(await digestColumns()).toEqual({ documentDigest: null });
  });

  test("a destruction whose process died before emptying the log is scrubbed at start-up, before the server listens", async () => {
    const first = await start();
    const jobId = await held(first, "cecilia", secretTitle());
    await held(first, "cecilia", secretTitle());
    const secrets = await secretsOf(first, jobId);
    await first.stop({ keepData: true });
    running.splice(running.indexOf(first), 1);

    // The crash the reliability review caused with SIGKILL: the destruction committed (a new page
    // version in the write-ahead log) and nothing checkpointed it. This connection stays open so
    // closing it does not checkpoint either; the old page version is still on disk.
    const raw = rawDatabase(first.dataDir);
    try {
      await raw.execute("PRAGMA secure_delete = ON");
      await raw.execute({ sql: `UPDATE "Job" SET "state" = 'cancelled', "wrappedKey" = NULL, "sealedTitle" = NULL, "destroyedAt" = ? WHERE "id" = ?`, args: [Date.now(), jobId] });
      expect((await filesContaining(first.dataDir, secrets.wrappedKey!)).length).toBeGreaterThan(0);
      expect((await stat(`${databaseFile(first.dataDir)}-wal`)).size).toBeGreaterThan(0);

      // startInProcessServer resolves once the server listens: nothing has been asked of it yet.
      const second = await start({ PRINTVAKT_DATA_DIR: first.dataDir });
      await expectNowhere(second.dataDir, [secrets]);
      expect((await stat(`${databaseFile(second.dataDir)}-wal`)).size).toBe(0);
    } finally {
      raw.close();
    }
  });
});
