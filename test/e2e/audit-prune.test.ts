// `printvakt audit prune`: only on request, only up to a signed checkpoint, audited, and the log
// still verifies from that checkpoint on; a log that does not verify is never pruned.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openAppContext } from "../../server/app-context.js";
import { loadOrCreateCheckpointKey } from "../../server/audit/checkpoint-key.js";
import { takeCheckpoint } from "../../server/audit/checkpointer.js";
import { loadConfig } from "../../server/config.js";
import { appendAudit } from "../../server/store/audit-log.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { auditEntries, copyDataDirectory, rawDatabase } from "../support/printvakt-data.js";

const DAY = 86_400_000;
let scratch: string;
let pristine: string;

/**
 * seq 1-4: changes ten days ago; 5: the audit.checkpoint of seq 4; 6-7: changes nine days ago
 * (old, and covered only by today's checkpoint); 8-9: changes today; 10: the audit.checkpoint of seq 9
 * (a log with old entries that no checkpoint covers does not verify, so it is never pruned).
 */
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "printvakt-audit-prune-"));
  pristine = path.join(scratch, "pristine");
  const context = await openAppContext(loadConfig({ PRINTVAKT_DATA_DIR: pristine }));
  const change = (name: string, at: Date) =>
    context.db.write((tx) => appendAudit(tx, { type: "admin.changed", actor: "admin:eva", subject: `printer:${name}`, at, details: { action: "added" } }));
  try {
    const tenDaysAgo = Date.now() - 10 * DAY;
    for (let index = 1; index <= 4; index++) await change(`P${index}`, new Date(tenDaysAgo + index * 1_000));
    await takeCheckpoint(context.db, await loadOrCreateCheckpointKey(path.join(pristine, "audit-signing.key")), "system", new Date(tenDaysAgo + 5_000));
    await change("P6", new Date(tenDaysAgo + DAY));
    await change("P7", new Date(tenDaysAgo + DAY + 1_000));
    await change("P8", new Date());
    await change("P9", new Date());
    await takeCheckpoint(context.db, await loadOrCreateCheckpointKey(path.join(pristine, "audit-signing.key")), "system");
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

const run = (dataDir: string, args: string[], retention?: string) =>
  runPrintvakt(["audit", ...args], { env: { PRINTVAKT_DATA_DIR: dataDir, ...(retention ? { PRINTVAKT_AUDIT_RETENTION: retention } : {}) } });

describe("printvakt audit prune", () => {
  test("with the default retention (forever) it refuses, and nothing changes", async () => {
    const dataDir = await copyOfLog();
    const result = await run(dataDir, ["prune", "--confirm"]);
    expect(result.stderr).toBe('printvakt: PRINTVAKT_AUDIT_RETENTION is "forever": nothing is pruned\n');
    expect(result.code).toBe(1);
    expect(await auditEntries(dataDir)).toHaveLength(10);
  });

  test("without --confirm it only shows the plan", async () => {
    const dataDir = await copyOfLog();
    const result = await run(dataDir, ["prune"], "5d");
    expect(result.stdout).toMatch(/^would remove seq 1-4 \(older than \S+; the log will start after the checkpoint at seq 4\); run again with --confirm to remove them\n$/);
    expect(result.code).toBe(0);
    expect(await auditEntries(dataDir)).toHaveLength(10);
  });

  test("removes what is older than the retention up to the last checkpoint before it, audits it, and still verifies", async () => {
    const dataDir = await copyOfLog();
    const result = await run(dataDir, ["prune", "--confirm"], "5d");
    expect(result.stdout).toMatch(/^removed 4 entries: seq 1-4 /);
    expect(result.code).toBe(0);

    const entries = await auditEntries(dataDir);
    expect(entries.map((entry) => entry.seq)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    const pruned = entries.at(-1)!;
    expect(pruned.type).toBe("audit.pruned");
    expect(pruned.actor).toMatch(/^admin:cli:/);
    expect(pruned.details).toEqual({
      throughSeq: 4,
      throughHash: entries[0]!.prevHash,
      entries: 4,
      olderThan: pruned.details.olderThan,
      keyId: entries[0]!.details.keyId,
      signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/),
    });
    expect(Date.parse(String(pruned.details.olderThan))).toBeLessThan(Date.now() - 5 * DAY + 60_000);

    const verified = await run(dataDir, ["verify"]);
    expect(verified.stdout).toMatch(/^audit log intact: 7 entries, seq 5-11 \(entries through seq 4 were pruned; the log starts after a signed checkpoint\), 2 checkpoint\(s\) verified, /);
    expect(verified.code).toBe(0);

    // Seq 6 and 7 are old too, but no checkpoint follows them before the cutoff: they stay.
    const again = await run(dataDir, ["prune", "--confirm"], "5d");
    expect(again.stdout).toMatch(/^nothing to prune: no signed checkpoint lies wholly before /);
    expect(await auditEntries(dataDir)).toHaveLength(8);
  });

  test("after pruning, removing the new first entry is still found", async () => {
    const dataDir = await copyOfLog();
    expect((await run(dataDir, ["prune", "--confirm"], "5d")).code).toBe(0);
    const raw = rawDatabase(dataDir);
    try {
      await raw.execute('DROP TRIGGER "AuditEntry_no_delete"');
      await raw.execute('DELETE FROM "AuditEntry" WHERE "seq" = 5');
    } finally {
      raw.close();
    }
    const result = await run(dataDir, ["verify"]);
    expect(result.stdout.split("\n")[0]).toBe("audit log NOT intact: first bad entry seq 6: broken link");
    expect(result.code).toBe(2);
  });

  test("a log that does not verify is not pruned", async () => {
    const dataDir = await copyOfLog();
    const raw = rawDatabase(dataDir);
    try {
      await raw.execute('DROP TRIGGER "AuditEntry_no_update"');
      await raw.execute(`UPDATE "AuditEntry" SET "actor" = 'admin:mallory' WHERE "seq" = 8`);
    } finally {
      raw.close();
    }
    const result = await run(dataDir, ["prune", "--confirm"], "5d");
    expect(result.stderr).toBe("printvakt: the audit log does not verify (first bad entry seq 8: hash mismatch); nothing was pruned\n");
    expect(result.code).toBe(1);
    expect((await auditEntries(dataDir)).map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
