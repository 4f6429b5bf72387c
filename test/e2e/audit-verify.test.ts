// `printvakt audit verify` on a real database file: intact, and each kind of tampering found at the
// right entry once the append-only triggers are out of the way (as an attacker with the file would).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openAppContext } from "../../server/app-context.js";
import { hashEntry } from "../../server/audit/chain.js";
import { loadOrCreateCheckpointKey } from "../../server/audit/checkpoint-key.js";
import { takeCheckpoint } from "../../server/audit/checkpointer.js";
import { loadConfig } from "../../server/config.js";
import { appendAudit } from "../../server/store/audit-log.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { auditEntries, copyDataDirectory, rawDatabase, tamperWithAudit } from "../support/printvakt-data.js";

let scratch: string;
let pristine: string;
/** Entries 1-6 changes, 7 the audit.checkpoint of seq 6, 8-9 more changes. */
const CHECKPOINTED_SEQ = 6;
const ENTRIES = 9;

async function appendChanges(dataDir: string, names: string[]): Promise<void> {
  const context = await openAppContext(loadConfig({ PRINTVAKT_DATA_DIR: dataDir }));
  try {
    for (const name of names) {
      await context.db.write((tx) => appendAudit(tx, { type: "admin.changed", actor: "admin:eva", subject: `printer:${name}`, details: { action: "added", fields: ["name", "uri"] } }));
    }
  } finally {
    await context.close();
  }
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "printvakt-audit-verify-"));
  pristine = path.join(scratch, "pristine");
  await appendChanges(pristine, ["P1", "P2", "P3", "P4", "P5", "P6"]);
  const context = await openAppContext(loadConfig({ PRINTVAKT_DATA_DIR: pristine }));
  try {
    const checkpoint = await takeCheckpoint(context.db, await loadOrCreateCheckpointKey(path.join(pristine, "audit-signing.key")), "admin:eva");
    expect(checkpoint?.seq).toBe(CHECKPOINTED_SEQ);
  } finally {
    await context.close();
  }
  await appendChanges(pristine, ["P7", "P8"]);
  expect(await auditEntries(pristine)).toHaveLength(ENTRIES);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

let copies = 0;
/** A fresh copy of the pristine data directory, so every case tampers with its own log. */
async function copyOfLog(): Promise<string> {
  const directory = path.join(scratch, `copy-${++copies}`);
  await copyDataDirectory(pristine, directory);
  return directory;
}

const tamper = (dataDir: string, ...statements: string[]) => tamperWithAudit(dataDir, statements);

/** The outcome line; the next line names the key checked against. */
const firstLine = (text: string) => `${text.split("\n")[0]}\n`;

const verify = (dataDir: string, extra: string[] = []) => runPrintvakt(["audit", "verify", ...extra], { env: { PRINTVAKT_DATA_DIR: dataDir } });

describe("printvakt audit verify", () => {
  test("an intact log: exit 0 and a summary, and the verification is itself audited", async () => {
    const dataDir = await copyOfLog();
    const result = await verify(dataDir);
    expect(result.stderr).toBe("");
    expect(firstLine(result.stdout)).toMatch(new RegExp(`^audit log intact: ${ENTRIES} entries, seq 1-${ENTRIES}, 1 checkpoint\\(s\\) verified, last hash [0-9a-f]{64}\\n$`));
    expect(result.code).toBe(0);
    const last = (await auditEntries(dataDir)).at(-1)!;
    expect(last.type).toBe("audit.verified");
    expect(last.actor).toMatch(/^admin:cli:/);
    expect(last.details).toEqual({ ok: true, entries: ENTRIES, lastSeq: ENTRIES, checkpointsVerified: 1 });
  });

  test("the triggers refuse to change or delete an entry or a checkpoint", async () => {
    const dataDir = await copyOfLog();
    const raw = rawDatabase(dataDir);
    try {
      await expect(raw.execute(`UPDATE "AuditEntry" SET "details" = '{}' WHERE "seq" = 3`)).rejects.toThrow("audit entries are append-only");
      await expect(raw.execute('DELETE FROM "AuditEntry" WHERE "seq" = 9')).rejects.toThrow("audit entries are append-only");
      await expect(raw.execute(`UPDATE "AuditCheckpoint" SET "hash" = 'x'`)).rejects.toThrow("audit checkpoints are append-only");
    } finally {
      raw.close();
    }
    expect((await verify(dataDir)).code).toBe(0);
  });

  const tamperings: { name: string; sql: string[]; firstBad: string }[] = [
    { name: "one changed byte in an entry's details", sql: [`UPDATE "AuditEntry" SET "details" = replace("details", 'added', 'addad') WHERE "seq" = 3`], firstBad: "seq 3: hash mismatch" },
    { name: "a deleted middle entry", sql: ['DELETE FROM "AuditEntry" WHERE "seq" = 4'], firstBad: "seq 5: broken link" },
    {
      name: "two entries swapped",
      sql: ['UPDATE "AuditEntry" SET "seq" = 100 WHERE "seq" = 3', 'UPDATE "AuditEntry" SET "seq" = 3 WHERE "seq" = 4', 'UPDATE "AuditEntry" SET "seq" = 4 WHERE "seq" = 100'],
      firstBad: "seq 3: broken link",
    },
    { name: "the tail cut off back past the last checkpoint", sql: [`DELETE FROM "AuditEntry" WHERE "seq" >= ${CHECKPOINTED_SEQ}`], firstBad: `seq ${CHECKPOINTED_SEQ}: log ends before checkpoint ${CHECKPOINTED_SEQ}` },
  ];

  for (const tampering of tamperings) {
    test(`finds ${tampering.name}: non-zero exit naming ${tampering.firstBad}`, async () => {
      const dataDir = await copyOfLog();
      await tamper(dataDir, ...tampering.sql);
      const result = await verify(dataDir);
      expect(firstLine(result.stdout)).toBe(`audit log NOT intact: first bad entry ${tampering.firstBad}\n`);
      expect(result.code).toBe(2);
      const last = (await auditEntries(dataDir)).at(-1)!;
      expect(last.type).toBe("audit.verified");
      expect(last.details.ok).toBe(false);
      expect(`seq ${last.details.firstBadSeq}: ${last.details.reason}`).toBe(tampering.firstBad);
    });
  }

  test("finds an entry changed with every later hash recomputed: only the signed checkpoint no longer matches", async () => {
    const dataDir = await copyOfLog();
    const entries = await auditEntries(dataDir);
    const statements: string[] = [];
    let prevHash = entries[1]!.hash;
    for (const entry of entries.slice(2)) {
      const content = entry.seq === 3 ? { ...entry, subject: "printer:P9" } : entry;
      const hash = hashEntry(content, prevHash);
      statements.push(`UPDATE "AuditEntry" SET "subject" = '${content.subject}', "prevHash" = '${prevHash}', "hash" = '${hash}' WHERE "seq" = ${entry.seq}`);
      prevHash = hash;
    }
    await tamper(dataDir, ...statements);
    const result = await verify(dataDir);
    expect(firstLine(result.stdout)).toBe(`audit log NOT intact: first bad entry seq ${CHECKPOINTED_SEQ}: checkpoint does not match entry\n`);
    expect(result.code).toBe(2);
  });

  test("checkpoints are checked with the auditor's own copy of the public key", async () => {
    const dataDir = await copyOfLog();
    const exported = await runPrintvakt(["audit", "public-key"], { env: { PRINTVAKT_DATA_DIR: dataDir } });
    expect(exported.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const ownKey = path.join(scratch, "auditor-copy.pem");
    await writeFile(ownKey, exported.stdout);
    expect((await verify(dataDir, ["--public-key", ownKey])).code).toBe(0);

    // A log re-signed with another key (someone replaced the key file) fails against the auditor's copy.
    const otherDir = await mkdtemp(path.join(scratch, "other-key-"));
    const otherKey = await runPrintvakt(["audit", "public-key"], { env: { PRINTVAKT_DATA_DIR: otherDir } });
    await writeFile(path.join(scratch, "other.pem"), otherKey.stdout);
    const wrong = await verify(dataDir, ["--public-key", path.join(scratch, "other.pem")]);
    expect(firstLine(wrong.stdout)).toBe(`audit log NOT intact: first bad entry seq ${CHECKPOINTED_SEQ}: checkpoint signature invalid\n`);
    expect(wrong.code).toBe(2);
    expect(await readFile(ownKey, "utf8")).toBe(exported.stdout);
  });
});
