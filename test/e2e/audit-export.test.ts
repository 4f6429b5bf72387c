// `printvakt audit export`: exact rows for each filter in CSV and JSONL, bad options refused in one
// line, every export audited, and a full JSONL export verifiable with the auditor's own script.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openAppContext } from "../../server/app-context.js";
import { loadOrCreateCheckpointKey } from "../../server/audit/checkpoint-key.js";
import { takeCheckpoint } from "../../server/audit/checkpointer.js";
import type { AuditEntry } from "../../server/audit/entry.js";
import { loadConfig } from "../../server/config.js";
import { appendAudit } from "../../server/store/audit-log.js";
import { projectRoot, runPrintvakt } from "../support/printvakt-cli.js";
import { auditEntries } from "../support/printvakt-data.js";
import { runCommand } from "../support/processes.js";
import { requireTool } from "../support/tools.js";

let dataDir: string;
const cli = (args: string[]) => runPrintvakt(args, { env: { PRINTVAKT_DATA_DIR: dataDir } });

/** The log the filters run over: four days, three event types, a hostile claimed user name. */
const SEEDED = [
  { at: "2026-03-01T09:00:00.000Z", type: "admin.changed", actor: "admin:eva", subject: "printer:Plan 3", details: { action: "added", fields: ["name", "uri"] } },
  { at: "2026-03-01T17:30:00.000Z", type: "job.purged", actor: "system", subject: "job:1", details: { owner: "anna", reason: "hold-time-expired", heldSeconds: 14_400, sizeBytes: 5_120 } },
  { at: "2026-03-02T08:00:00.000Z", type: "job.rejected", actor: null, subject: null, details: { operation: "Print-Job", status: "client-error-not-authorized", errorCode: "not-authenticated", peer: "203.0.113.9", claimedUser: '=HYPERLINK("http://x"),"quoted"' } },
  { at: "2026-03-02T12:00:00.000Z", type: "job.purged", actor: "system", subject: "job:2", details: { owner: "bertil", reason: "no-document", heldSeconds: 300, sizeBytes: 0 } },
  { at: "2026-03-03T10:00:00.000Z", type: "admin.changed", actor: "admin:eva", subject: "user:anna", details: { action: "changed", fields: ["cards"] } },
  { at: "2026-03-04T23:59:59.999Z", type: "job.purged", actor: "system", subject: "job:3", details: { owner: "anna", reason: "hold-time-expired", heldSeconds: 14_401, sizeBytes: 1 } },
] as const;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "printvakt-audit-export-"));
  const context = await openAppContext(loadConfig({ PRINTVAKT_DATA_DIR: dataDir }));
  try {
    for (const event of SEEDED) {
      await context.db.write((tx) => appendAudit(tx, { ...event, at: new Date(event.at), details: { ...event.details } as AuditEntry["details"] }));
    }
  } finally {
    await context.close();
  }
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const jsonl = (stdout: string) => stdout.trimEnd().split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

/** Parses our own CSV (RFC 4180 quoting, ";" between cells, after the byte-order mark), enough to read back what csv-stringify wrote. */
function csvRows(withBom: string): string[][] {
  expect(withBom.startsWith("\uFEFF"), "the CSV starts with a UTF-8 byte-order mark (Excel reads it as UTF-8)").toBe(true);
  const text = withBom.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') (cell += '"'), index++;
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ";") row.push(cell), (cell = "");
    else if (char === "\n") row.push(cell), rows.push(row), (row = []), (cell = "");
    else cell += char;
  }
  return rows;
}

describe("printvakt audit export", () => {
  test("JSONL with --from/--to gives exactly the entries in [from, to), and the export is audited", async () => {
    const before = (await auditEntries(dataDir)).length;
    const result = await cli(["audit", "export", "--format", "jsonl", "--from", "2026-03-01T17:30:00Z", "--to", "2026-03-04"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const rows = jsonl(result.stdout);
    expect(rows.map((row) => row.seq)).toEqual([2, 3, 4, 5]);
    expect(rows[1]).toMatchObject({ seq: 3, at: "2026-03-02T08:00:00.000Z", type: "job.rejected", actor: null, subject: null, details: SEEDED[2].details });
    expect(Object.keys(rows[0]!)).toEqual(["seq", "at", "type", "actor", "subject", "details", "prevHash", "hash"]);

    const entries = await auditEntries(dataDir);
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toMatchObject({
      type: "audit.exported",
      actor: expect.stringMatching(/^admin:cli:/),
      details: { format: "jsonl", entries: 4, from: "2026-03-01T17:30:00.000Z", to: "2026-03-04T00:00:00.000Z" },
    });
  });

  test("CSV with --type gives a header and exactly the rows of that type, formulas defused", async () => {
    const purged = await cli(["audit", "export", "--type", "job.purged"]);
    expect(purged.code).toBe(0);
    const rows = csvRows(purged.stdout);
    expect(rows[0]).toEqual(["seq", "at", "type", "actor", "subject", "details", "prevHash", "hash"]);
    expect(rows.slice(1).map((row) => [row[0], row[2], row[4]])).toEqual([
      ["2", "job.purged", "job:1"],
      ["4", "job.purged", "job:2"],
      ["6", "job.purged", "job:3"],
    ]);
    expect(JSON.parse(rows[1]![5]!)).toEqual(SEEDED[1].details);

    const two = await cli(["audit", "export", "--type", "job.rejected,admin.changed", "--to", "2026-03-03"]);
    const twoRows = csvRows(two.stdout).slice(1);
    expect(twoRows.map((row) => row[0])).toEqual(["1", "3"]);
    // The hostile name sits inside the JSON cell, which starts with "{": nothing for a spreadsheet to run.
    expect(twoRows[1]![5]!.startsWith("{")).toBe(true);
    expect(JSON.parse(twoRows[1]![5]!).claimedUser).toBe(SEEDED[2].details.claimedUser);

    const exports = (await auditEntries(dataDir)).filter((entry) => entry.type === "audit.exported").slice(-2);
    expect(exports.map((entry) => entry.details)).toEqual([
      { format: "csv", entries: 3, types: ["job.purged"] },
      { format: "csv", entries: 2, types: ["job.rejected", "admin.changed"], to: "2026-03-03T00:00:00.000Z" },
    ]);
  });

  const badOptions: [string[], string][] = [
    [["--from", "yesterday"], 'printvakt: --from "yesterday" is not an ISO-8601 date or time with a zone (e.g. 2026-01-31 or 2026-01-31T08:00:00Z)\n'],
    [["--to", "2026-03-01T10:00"], 'printvakt: --to "2026-03-01T10:00" is not an ISO-8601 date or time with a zone (e.g. 2026-01-31 or 2026-01-31T08:00:00Z)\n'],
    [["--to", "2026-02-30"], 'printvakt: --to "2026-02-30" is not an ISO-8601 date or time with a zone (e.g. 2026-01-31 or 2026-01-31T08:00:00Z)\n'],
    [["--format", "xml"], 'printvakt: --format "xml" is not one of csv, jsonl\n'],
    [["--type", "job.purge"], 'printvakt: --type "job.purge" is not an audit event type\n'],
    [["--from", "2026-03-02", "--to", "2026-03-01"], "printvakt: --from must be before --to\n"],
  ];
  for (const [options, message] of badOptions) {
    test(`refuses ${options.join(" ")} in one line, exports nothing and audits nothing`, async () => {
      const before = (await auditEntries(dataDir)).length;
      const result = await cli(["audit", "export", ...options]);
      expect(result.stderr).toBe(message);
      expect(result.stdout).toBe("");
      expect(result.code).toBe(1);
      expect(await auditEntries(dataDir)).toHaveLength(before);
    });
  }

  test("a full JSONL export, with a checkpoint, verifies with the auditor's own script and catches an edit", async () => {
    const context = await openAppContext(loadConfig({ PRINTVAKT_DATA_DIR: dataDir }));
    try {
      await takeCheckpoint(context.db, await loadOrCreateCheckpointKey(path.join(dataDir, "audit-signing.key")), "admin:eva");
    } finally {
      await context.close();
    }
    const exported = await cli(["audit", "export", "--format", "jsonl"]);
    expect(exported.code).toBe(0);
    const exportFile = path.join(dataDir, "..", `${path.basename(dataDir)}-export.jsonl`);
    const keyFile = path.join(dataDir, "..", `${path.basename(dataDir)}-public.pem`);
    await writeFile(exportFile, exported.stdout);
    await writeFile(keyFile, (await cli(["audit", "public-key"])).stdout);
    const script = path.join(projectRoot, "docs", "verify-audit-export.py");
    requireTool("openssl");
    const python = requireTool("python3");
    const rows = jsonl(exported.stdout);
    const checkpoints = rows.filter((row) => row.type === "audit.checkpoint").length;
    expect(checkpoints).toBe(1);
    try {
      const intact = await runCommand(python, [script, exportFile, keyFile]);
      expect(intact.stdout).toBe(`OK: ${rows.length} entries, seq 1-${rows.length}, 1 checkpoint(s) verified\n`);
      expect(intact.exitCode).toBe(0);

      const edited = exported.stdout.replace('"owner":"bertil"', '"owner":"bertha"');
      expect(edited).not.toBe(exported.stdout);
      await writeFile(exportFile, edited);
      const caught = await runCommand(python, [script, exportFile, keyFile]);
      expect(caught.stdout).toBe("FAIL at seq 4: hash mismatch\n");
      expect(caught.exitCode).toBe(1);
    } finally {
      await rm(exportFile, { force: true });
      await rm(keyFile, { force: true });
    }
  });
});
