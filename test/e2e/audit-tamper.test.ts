// The review's H1 attacks replayed on a real database file with SQL only (no signing key): cutting
// the tail, deleting a prefix behind a forged audit.pruned, deleting entries and rehashing the
// chain, and the same with a new key file. Each must make `printvakt audit verify` fail.
import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openAppContext } from "../../server/app-context.js";
import { GENESIS_HASH, hashEntry } from "../../server/audit/chain.js";
import { loadOrCreateCheckpointKey } from "../../server/audit/checkpoint-key.js";
import { takeCheckpoint } from "../../server/audit/checkpointer.js";
import { appendToWitnesses } from "../../server/audit/witness.js";
import { loadConfig } from "../../server/config.js";
import { appendAudit } from "../../server/store/audit-log.js";
import { printvaktBin, projectRoot, runPrintvakt } from "../support/printvakt-cli.js";
import { runCommand } from "../support/processes.js";
import { requireTool } from "../support/tools.js";
import { auditEntries, copyDataDirectory, rawDatabase, tamperWithAudit } from "../support/printvakt-data.js";

const DAY = 86_400_000;
let scratch: string;
let pristine: string;
let witness: string;
let auditorKey: string;

/**
 * Two days ago: seq 1-4 changes, 5 the checkpoint of 4. A day ago: 6-7 changes, 8 a title reveal
 * (what an insider wants gone), 9 the checkpoint of 8. Now: 10-11 changes, not yet checkpointed.
 * Both checkpoints also went to a witness file as they were made.
 */
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "printvakt-audit-tamper-"));
  pristine = path.join(scratch, "pristine");
  witness = path.join(scratch, "witness.jsonl");
  const context = await openAppContext(loadConfig({ PRINTVAKT_DATA_DIR: pristine }));
  const change = (name: string, at: Date) =>
    context.db.write((tx) => appendAudit(tx, { type: "admin.changed", actor: "admin:eva", subject: `printer:${name}`, at, details: { action: "added" } }));
  try {
    const key = await loadOrCreateCheckpointKey(path.join(pristine, "audit-signing.key"));
    const twoDaysAgo = Date.now() - 2 * DAY;
    for (let index = 1; index <= 4; index++) await change(`P${index}`, new Date(twoDaysAgo + index * 1_000));
    await appendToWitnesses(context.db, [witness], (await takeCheckpoint(context.db, key, "system", new Date(twoDaysAgo + 5_000)))!);
    await change("P6", new Date(twoDaysAgo + DAY));
    await change("P7", new Date(twoDaysAgo + DAY + 1_000));
    await context.db.write((tx) =>
      appendAudit(tx, { type: "job.title-revealed", actor: "admin:eva", subject: "job:7", at: new Date(twoDaysAgo + DAY + 2_000), details: { owner: "alice", reason: "case 17" } }),
    );
    await appendToWitnesses(context.db, [witness], (await takeCheckpoint(context.db, key, "system", new Date(twoDaysAgo + DAY + 3_000)))!);
    await change("P10", new Date());
    await change("P11", new Date());
    auditorKey = path.join(scratch, "auditor-copy.pem");
    await writeFile(auditorKey, key.publicKeyPem);
  } finally {
    await context.close();
  }
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

let copies = 0;
async function copyOfLog(): Promise<string> {
  const directory = path.join(scratch, `copy-${++copies}`);
  await copyDataDirectory(pristine, directory);
  return directory;
}

const tamper = tamperWithAudit;

/** The review's rewrite: drop the title reveal and every audit.checkpoint entry, renumber, rehash, drop every checkpoint row. */
async function rewriteWithoutEvidence(dataDir: string): Promise<void> {
  const kept = (await auditEntries(dataDir)).filter((entry) => entry.type !== "job.title-revealed" && entry.type !== "audit.checkpoint");
  const statements = ['DELETE FROM "AuditCheckpoint"', 'DELETE FROM "AuditEntry"'];
  let prevHash = GENESIS_HASH;
  kept.forEach((entry, index) => {
    const content = { ...entry, seq: index + 1 };
    const hash = hashEntry(content, prevHash);
    statements.push(
      `INSERT INTO "AuditEntry" ("seq", "at", "type", "actor", "subject", "details", "prevHash", "hash") VALUES (${content.seq}, ${entry.at.getTime()}, '${entry.type}', '${entry.actor}', '${entry.subject}', '${JSON.stringify(entry.details)}', '${prevHash}', '${hash}')`,
    );
    prevHash = hash;
  });
  await tamper(dataDir, statements);
}

const verify = (dataDir: string, extra: string[] = []) => runPrintvakt(["audit", "verify", ...extra], { env: { PRINTVAKT_DATA_DIR: dataDir } });
const outcome = (text: string) => text.split("\n")[0];

describe("the review's audit tampering (H1) fails verification", () => {
  test("the untouched log verifies, also against the auditor's key and the witness file", async () => {
    const result = await verify(await copyOfLog(), ["--public-key", auditorKey, "--witness", witness]);
    expect(outcome(result.stdout)).toMatch(/^audit log intact: 11 entries, seq 1-11, 4 checkpoint\(s\) verified, /);
    expect(result.code).toBe(0);
  });

  test("the checkpoint table refuses DELETE like the log itself", async () => {
    const raw = rawDatabase(await copyOfLog());
    try {
      await expect(raw.execute('DELETE FROM "AuditCheckpoint"')).rejects.toThrow("audit checkpoints are append-only");
    } finally {
      raw.close();
    }
  });

  test("cutting the tail and the checkpoints that vouched for it: old entries are left uncovered", async () => {
    const dataDir = await copyOfLog();
    await tamper(dataDir, ['DELETE FROM "AuditEntry" WHERE "seq" >= 8', 'DELETE FROM "AuditCheckpoint" WHERE "seq" >= 8']);
    const result = await verify(dataDir);
    expect(outcome(result.stdout)).toBe("audit log NOT intact: first bad entry seq 6: not checkpointed within the interval");
    expect(result.code).toBe(2);
    // The witness still holds the checkpoint of seq 8 (where the first verify's own entry now stands).
    expect(outcome((await verify(dataDir, ["--witness", witness])).stdout)).toBe("audit log NOT intact: first bad entry seq 8: checkpoint does not match entry");
  });

  test("deleting a prefix behind a forged audit.pruned naming the newest checkpoint", async () => {
    const dataDir = await copyOfLog();
    const entries = await auditEntries(dataDir);
    const last = entries.at(-1)!;
    const forged = { seq: last.seq + 1, at: new Date(), type: "audit.pruned", actor: "admin:cli:root", subject: null, details: { throughSeq: 8, throughHash: entries[7]!.hash, entries: 8, olderThan: new Date().toISOString() } };
    const hash = hashEntry(forged, last.hash);
    await tamper(dataDir, [
      `INSERT INTO "AuditEntry" ("seq", "at", "type", "actor", "subject", "details", "prevHash", "hash") VALUES (${forged.seq}, ${forged.at.getTime()}, 'audit.pruned', 'admin:cli:root', NULL, '${JSON.stringify(forged.details)}', '${last.hash}', '${hash}')`,
      'DELETE FROM "AuditEntry" WHERE "seq" <= 8',
    ]);
    const result = await verify(dataDir);
    expect(outcome(result.stdout)).toBe(`audit log NOT intact: first bad entry seq ${forged.seq}: prune statement invalid`);
    expect(result.code).toBe(2);
  });

  test("deleting entries and rehashing the chain without any checkpoint", async () => {
    const dataDir = await copyOfLog();
    await rewriteWithoutEvidence(dataDir);
    const result = await verify(dataDir);
    expect(outcome(result.stdout)).toBe("audit log NOT intact: first bad entry seq 1: not checkpointed within the interval");
    expect(result.code).toBe(2);
  });

  test("the rewrite re-signed with a new key file fails against the auditor's key and the witness", async () => {
    const dataDir = await copyOfLog();
    await rewriteWithoutEvidence(dataDir);
    await rm(path.join(dataDir, "audit-signing.key"));
    const signed = await runPrintvakt(["audit", "checkpoint"], { env: { PRINTVAKT_DATA_DIR: dataDir } });
    expect(signed.code).toBe(0);
    // Against the swapped key file alone it looks fine, and the output says whose key that was.
    const own = await verify(dataDir);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain("the server's own key file, which whoever holds the data directory can replace");

    const pinned = await verify(dataDir, ["--public-key", auditorKey]);
    expect(outcome(pinned.stdout)).toMatch(/^audit log NOT intact: first bad entry seq \d+: checkpoint signature invalid$/);
    expect(pinned.code).toBe(2);
    const witnessed = await verify(dataDir, ["--witness", witness]);
    expect(outcome(witnessed.stdout)).toBe("audit log NOT intact: first bad entry seq 4: checkpoint signature invalid");
    expect(witnessed.code).toBe(2);
  });

  // D10: a backup handed to an auditor, whose database file they cannot write. Root ignores file
  // modes, so as root the CLI runs without the capabilities that let it (setpriv drops
  // CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH): unlike switching to "nobody", that needs no
  // permission to read the checkout, which may sit in a private directory. The result comes first;
  // the missing audit.verified entry is a note.
  test("verify and export work on a read-only copy and say that they were not recorded", async () => {
    const dataDir = await copyOfLog();
    await chmod(path.join(dataDir, "printvakt.db"), 0o444);
    const withoutWriteRights = process.getuid?.() === 0 ? [requireTool("setpriv"), "--bounding-set", "-dac_override,-dac_read_search", process.execPath] : [process.execPath];
    const asAuditor = (args: string[]) =>
      promisify(execFile)(withoutWriteRights[0]!, [...withoutWriteRights.slice(1), printvaktBin, "audit", ...args], { env: { ...process.env, PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_LOG_LEVEL: "warn" } });
    const verified = await asAuditor(["verify", "--public-key", auditorKey]);
    expect(outcome(verified.stdout)).toMatch(/^audit log intact: 11 entries, seq 1-11, 2 checkpoint\(s\) verified, /);
    expect(verified.stderr).toMatch(/^printvakt: note: this verification was not recorded in the audit log, the database could not be written \(.*SQLITE_READONLY/);
    const exported = await asAuditor(["export", "--format", "jsonl"]);
    expect(exported.stdout.trim().split("\n")).toHaveLength(11);
    expect(exported.stderr).toMatch(/^printvakt: note: this export was not recorded/);
    expect(await auditEntries(dataDir)).toHaveLength(11);
  });

  test("the auditor's own script (docs/verify-audit-export.py) fails the forged prune and the rewrite too", async () => {
    requireTool("openssl");
    const python = requireTool("python3");
    const script = path.join(projectRoot, "docs", "verify-audit-export.py");
    async function checkExport(dataDir: string): Promise<string> {
      const exported = await runPrintvakt(["audit", "export", "--format", "jsonl"], { env: { PRINTVAKT_DATA_DIR: dataDir } });
      const file = path.join(dataDir, "export.jsonl");
      await writeFile(file, exported.stdout);
      return (await runCommand(python, [script, file, auditorKey])).stdout;
    }
    expect(await checkExport(await copyOfLog())).toBe("OK: 11 entries, seq 1-11, 2 checkpoint(s) verified\n");

    const rewritten = await copyOfLog();
    await rewriteWithoutEvidence(rewritten);
    expect(await checkExport(rewritten)).toBe("FAIL at seq 1: older than one checkpoint interval and not covered by a checkpoint\n");

    const pruned = await copyOfLog();
    const entries = await auditEntries(pruned);
    const last = entries.at(-1)!;
    const forged = { seq: last.seq + 1, at: new Date(), type: "audit.pruned", actor: "admin:cli:root", subject: null, details: { throughSeq: 4, throughHash: entries[3]!.hash, entries: 4, olderThan: new Date().toISOString() } };
    await tamper(pruned, [
      `INSERT INTO "AuditEntry" ("seq", "at", "type", "actor", "subject", "details", "prevHash", "hash") VALUES (${forged.seq}, ${forged.at.getTime()}, 'audit.pruned', 'admin:cli:root', NULL, '${JSON.stringify(forged.details)}', '${last.hash}', '${hashEntry(forged, last.hash)}')`,
      'DELETE FROM "AuditEntry" WHERE "seq" <= 4',
    ]);
    expect(await checkExport(pruned)).toBe("FAIL at seq 4: the export starts after seq 1 without a signed prune statement for that point\n");
  });
});
