// Looks into a Printvakt data directory from a test: jobs, audit entries, spool files, raw bytes.
import { cp, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { AppContext } from "../../server/app-context.js";
import type { AuditEntry } from "../../server/audit/entry.js";
import { hashTypedCard } from "../../server/identity/card-numbers.js";
import { readAudit } from "../../server/store/audit-log.js";
import { openDatabase } from "../../server/store/database.js";
import { findJob, type JobRecord } from "../../server/store/jobs.js";
import { findUserByCard } from "../../server/store/users.js";
import { openJobTitle } from "../../server/jobs/job-secrets.js";
import { loadOrCreateMasterKey } from "../../server/spool/master-key.js";
import { openSqliteConnection, type SqliteConnection } from "../../server/store/sqlite-connection.js";

export const databaseFile = (dataDir: string) => path.join(dataDir, "printvakt.db");

/** Opens the data directory's database through the store, runs `read`, closes it again. */
export async function withDatabase<T>(dataDir: string, read: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(`file:${databaseFile(dataDir)}`);
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

export function jobOf(dataDir: string, id: number): Promise<JobRecord | null> {
  return withDatabase(dataDir, (db) => findJob(db, id));
}

/** A job's title as stored (sealed with the data directory's master key), opened the way a screen kiosk would show it. */
export async function storedTitle(dataDir: string, id: number): Promise<string | null> {
  const job = await jobOf(dataDir, id);
  if (job === null) return null;
  const master = await loadOrCreateMasterKey({ keyFile: path.join(dataDir, "master.key") });
  return openJobTitle(master, job);
}

/** Who holds a card, found as a badge finds them: by the keyed hash of the number; null for nobody. */
export async function cardHolder(context: Pick<AppContext, "db" | "auditHashKey">, number: string): Promise<string | null> {
  return (await findUserByCard(context.db, hashTypedCard(context.auditHashKey, number).numberHash))?.username ?? null;
}

export async function auditEntries(dataDir: string): Promise<AuditEntry[]> {
  return withDatabase(dataDir, async (db) => {
    const entries: AuditEntry[] = [];
    for await (const entry of readAudit(db)) entries.push(entry);
    return entries;
  });
}

/** Entry types in order, with how often each occurs: { "job.submitted": 3, ... }. */
export function countByType(entries: readonly AuditEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of entries) counts[entry.type] = (counts[entry.type] ?? 0) + 1;
  return counts;
}

export async function spoolFiles(dataDir: string): Promise<string[]> {
  return (await readdir(path.join(dataDir, "spool"))).sort();
}

/** A raw SQL connection that bypasses the store, for tests that play the attacker or the crash. */
export function rawDatabase(dataDir: string): SqliteConnection {
  return openSqliteConnection(`file:${databaseFile(dataDir)}`);
}

/** Every regular file under `directory` whose bytes contain `needle`, as paths relative to it. */
export async function filesContaining(directory: string, needle: Buffer): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? directory, entry.name);
    if ((await readFile(file)).includes(needle)) found.push(path.relative(directory, file));
  }
  return found.sort();
}

/** Every file under `directory`, relative, for messages. */
export async function allFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(directory, path.join(entry.parentPath ?? directory, entry.name))).sort();
}

/**
 * Copies a data directory whose database nobody is writing: everything is checkpointed into the
 * main file first and the WAL and SHM files are left behind, because a connection that is still
 * closing may delete them while `cp` walks the folder (CI failed on exactly that, twice).
 */
export async function copyDataDirectory(source: string, target: string): Promise<void> {
  const raw = rawDatabase(source);
  try {
    await raw.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    raw.close();
  }
  await cp(source, target, { recursive: true, filter: (file) => !/\.db-(wal|shm|journal)$/.test(file) });
}

/** SQL straight on the file with every append-only audit trigger dropped, as someone holding the file would. */
export async function tamperWithAudit(dataDir: string, statements: readonly string[]): Promise<void> {
  const raw = rawDatabase(dataDir);
  try {
    for (const trigger of ["AuditEntry_no_update", "AuditEntry_no_delete", "AuditCheckpoint_no_update", "AuditCheckpoint_no_delete"]) await raw.execute(`DROP TRIGGER "${trigger}"`);
    for (const sql of statements) await raw.execute(sql);
  } finally {
    raw.close();
  }
}
