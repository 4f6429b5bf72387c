// Checkpoints held outside the database: witness files the server appends to as it signs, and the
// files an auditor brings back to `audit verify --witness FILE` / `--checkpoints FILE`.
//
// Whoever holds the database file can delete checkpoint rows, cut the log and rewrite its chain;
// they cannot reach back into a file on another host (PRINTVAKT_AUDIT_WITNESS, e.g. a share
// mounted append-only) or into an auditor's earlier export. A line is the JSONL export row of an
// audit.checkpoint entry, so a witness file, `audit export --type audit.checkpoint --format jsonl`
// and a whole JSONL export all work as held checkpoints (entries of other types are skipped).
import { open, readFile } from "node:fs/promises";
import { PrintvaktError } from "../../core/errors.js";
import { findAuditEntry } from "../store/audit-log.js";
import type { Reader } from "../store/database.js";
import type { Checkpoint } from "./checkpoint.js";
import { jsonlRow } from "./export.js";

/**
 * Appends the audit.checkpoint entry of `checkpoint` (the entry right after the one it signs) to
 * each file, synced, creating the file if needed. Throws after trying every file if any failed.
 */
export async function appendToWitnesses(db: Reader, files: readonly string[], checkpoint: Checkpoint): Promise<void> {
  if (files.length === 0) return;
  const entry = await findAuditEntry(db, checkpoint.seq + 1);
  if (entry === null || entry.type !== "audit.checkpoint" || entry.details.seq !== checkpoint.seq) {
    throw new PrintvaktError("internal", `the audit.checkpoint entry of checkpoint ${checkpoint.seq} is missing`);
  }
  const line = `${JSON.stringify(jsonlRow(entry))}\n`;
  const failed: string[] = [];
  for (const file of files) {
    try {
      const handle = await open(file, "a", 0o644);
      try {
        await handle.writeFile(line, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      failed.push(`${file} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (failed.length > 0) throw new PrintvaktError("internal", `checkpoint ${checkpoint.seq} could not be written to witness file(s): ${failed.join("; ")}`);
}

/** The checkpoints in a witness file or JSONL export. Refuses a line that is not JSON or an audit.checkpoint entry that is malformed. */
export async function readHeldCheckpoints(file: string): Promise<Checkpoint[]> {
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    throw new PrintvaktError("bad-request", `cannot read checkpoint file ${file}`, { cause: error });
  });
  const checkpoints: Checkpoint[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const checkpoint = checkpointOfLine(line);
    if (checkpoint === null) return;
    if (checkpoint === undefined) throw new PrintvaktError("bad-request", `${file} line ${index + 1} is not an exported audit entry`);
    checkpoints.push(checkpoint);
  });
  return checkpoints;
}

/** The checkpoint an exported line repeats, null for an entry of another type, undefined when malformed. */
function checkpointOfLine(line: string): Checkpoint | null | undefined {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof row !== "object" || row === null || !("type" in row) || typeof row.type !== "string") return undefined;
  if (row.type !== "audit.checkpoint") return null;
  const { at, details } = row as { at?: unknown; details?: Record<string, unknown> };
  const time = typeof at === "string" ? new Date(at) : new Date(Number.NaN);
  if (typeof details !== "object" || details === null || Number.isNaN(time.getTime())) return undefined;
  const { seq, hash, keyId, signature } = details;
  if (typeof seq !== "number" || typeof hash !== "string" || typeof keyId !== "string" || typeof signature !== "string") return undefined;
  return { seq, hash, keyId, signature, at: time };
}
