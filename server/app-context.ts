// Opens what every command needs, in order: configuration, data directory, migrated database, keys.
import { hkdfSync } from "node:crypto";
import { access, mkdir } from "node:fs/promises";
import path from "node:path";
import { PrintvaktError } from "../core/errors.js";
import { loadConfig, type Config } from "./config.js";
import { protectDatabaseFiles, tightenDataDirectory } from "./private-files.js";
import { HeldTime } from "./jobs/held-time.js";
import { DiskSpace } from "./spool/disk-space.js";
import { loadOrCreateMasterKey } from "./spool/master-key.js";
import type { MasterKey } from "./spool/master-key.js";
import { openDatabase, type Database } from "./store/database.js";
import { migrateDatabase } from "./store/migrate.js";

export interface AppContext {
  config: Config;
  db: Database;
  masterKey: MasterKey;
  /** Key for keyed hashes in the audit (card numbers, titles) and of stored card numbers: derived, never stored. */
  auditHashKey: Buffer;
  /** The held-time clock: retention purges a job only when it and the wall clock both say so. */
  heldTime: HeldTime;
  spoolDir: string;
  /** Free space, its floor for new documents, and the reserve given back on a full disk. */
  disk: DiskSpace;
  close(): Promise<void>;
}

export async function openAppContext(config: Config = loadConfig()): Promise<AppContext & { migrationsApplied: string[] }> {
  // 0700: the data directory holds the database and key files; nobody else on the host reads it.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await tightenDataDirectory(config.dataDir);
  const spoolDir = path.join(config.dataDir, "spool");
  await mkdir(spoolDir, { recursive: true, mode: 0o700 });
  // 0600 before SQLite opens it, so that its -wal and -shm files are created 0600 as well.
  await protectDatabaseFiles(config.databaseUrl);
  const disk = new DiskSpace({ dataDir: config.dataDir, minFreeBytes: config.minFreeBytes, reserveBytes: config.diskReserveBytes });
  // Started on a full disk (after a crash, or another program filled it): the reserve gives the
  // migration check and the write-ahead log's index room to open the database. Later writes that
  // fail for want of space give it back themselves, so a disk merely under the floor keeps it.
  await disk.releaseIfNearlyFull();
  // Keys before the migration: a migration may hash stored values with the audit hash key (card numbers).
  const masterKey = await loadOrCreateMasterKey(config.masterKey ? { keyBase64: config.masterKey } : { keyFile: config.masterKeyFile });
  const auditHashKey = Buffer.from(hkdfSync("sha256", masterKey.bytes, Buffer.alloc(0), "printvakt audit keyed hash v1", 32));
  const { applied } = await migrateDatabase(config.databaseUrl, { auditHashKey });
  const db = await openDatabase(config.databaseUrl, { space: disk });
  const heldTime = await HeldTime.open(db);
  return { config, db, masterKey, auditHashKey, heldTime, spoolDir, disk, migrationsApplied: applied, close: () => db.close() };
}

/**
 * What reading the audit needs, and nothing that writes: no directories, no migration, no keys.
 * So `audit verify` and `audit export` work on a read-only copy handed to an auditor (a backup,
 * a snapshot) without the master key. A database file that does not exist is refused rather than
 * created empty.
 */
export async function openReadContext(config: Config = loadConfig()): Promise<{ config: Config; db: Database; close(): Promise<void> }> {
  const file = config.databaseUrl.startsWith("file:") ? config.databaseUrl.slice("file:".length).split("?")[0]! : undefined;
  if (file !== undefined && !(await exists(file))) throw new PrintvaktError("bad-config", `there is no database at ${file} (PRINTVAKT_DATA_DIR or DATABASE_URL)`);
  const db = await openDatabase(config.databaseUrl, { readOnly: true });
  return { config, db, close: () => db.close() };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
