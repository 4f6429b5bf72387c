// The running server signs checkpoints by itself once new entries have waited an interval, with a
// key file it creates private (0600); the signed checkpoint is what `audit verify` then checks. Each
// checkpoint also leaves the database as it is made: in the log line and in the witness file.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { auditEntries } from "../support/printvakt-data.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";
import { waitFor } from "../support/processes.js";

let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop("SIGTERM");
  if (server) await rm(server.dataDir, { recursive: true, force: true });
});

describe("periodic audit checkpoints", () => {
  test("a submission is covered by a system checkpoint within an interval, signed with a 0600 key", async () => {
    const witness = path.join(await mkdtemp(path.join(tmpdir(), "printvakt-witness-")), "witness.jsonl");
    server = await startPrintvaktServer({ PRINTVAKT_AUDIT_CHECKPOINT_INTERVAL: "1s", PRINTVAKT_RETENTION_TICK: "1s", PRINTVAKT_AUDIT_WITNESS: witness });
    expect((await stat(path.join(server.dataDir, "audit-signing.key"))).mode & 0o777).toBe(0o600);
    const answer = await printJob(server.port, { user: "anna", title: "Checkpointed", document: makePdf() });
    expect(answer.status).toBe("successful-ok");

    const entries = await waitFor(async () => {
      const all = await auditEntries(server!.dataDir);
      return all.some((entry) => entry.type === "audit.checkpoint") ? all : undefined;
    }, { timeoutMs: 15_000, describe: () => "no checkpoint was signed" });
    const submitted = entries.find((entry) => entry.type === "job.submitted")!;
    const checkpoint = entries.find((entry) => entry.type === "audit.checkpoint")!;
    expect(checkpoint.seq).toBe(submitted.seq + 1);
    expect(checkpoint.actor).toBe("system");
    expect(checkpoint.details).toMatchObject({ seq: submitted.seq, hash: submitted.hash });
    // The log line follows the commit, so it may still be on its way through the pipe.
    const logged = await waitFor(async () => server!.logs.find((line) => line.msg === "signed audit checkpoint"), { timeoutMs: 5_000, describe: () => "the checkpoint was not logged" });
    expect(logged.seq).toBe(submitted.seq);
    expect(logged.signature).toBe(checkpoint.details.signature);
    const witnessed = await waitFor(async () => (await readFile(witness, "utf8").catch(() => "")).split("\n").find(Boolean), { timeoutMs: 5_000, describe: () => "the witness file was not written" });
    expect(JSON.parse(witnessed)).toMatchObject({ seq: checkpoint.seq, type: "audit.checkpoint", hash: checkpoint.hash, details: checkpoint.details });

    const verified = await runPrintvakt(["audit", "verify", "--witness", witness], { env: { PRINTVAKT_DATA_DIR: server.dataDir } });
    expect(verified.stdout).toMatch(/^audit log intact: \d+ entries, seq 1-\d+, [1-9]\d* checkpoint\(s\) verified/);
    expect(verified.code).toBe(0);
    await rm(path.dirname(witness), { recursive: true, force: true });
  });
});
