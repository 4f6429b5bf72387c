// Opens what every command needs, in order: configuration, data directory, migrated database, keys.
import { hkdfSync } from "node:crypto";
import { access, mkdir } from "node:fs/promises";
import path from "node:path";
import { PrintvaktError } from "../core/errors.js";
import { loadConfig, type Config } from "./config.js";
import { databaseFile, protectDatabaseFiles, tightenDataDirectory } from "./private-files.js";
import { HeldTime } from "./jobs/held-time.js";
import { DiskSpace } from "./spool/disk-space.js";
import { loadMasterKey, newMasterKey, saveNewMasterKey, type MasterKey } from "./spool/master-key.js";
import { openDatabase, type Database } from "./store/database.js";
import { liveJobsByMasterKey } from "./store/jobs.js";
import { migrateDatabase } from "./store/migrate.js";
import { assertMasterKeyOpensLiveJobs } from "./data-dir/master-key-check.js";
import { assertDatabaseOrNewInstall, type InstallKind } from "./data-dir/previous-install.js";
import { assertNoServerToMigrateUnder, lockDataDirectoryForServing } from "./data-dir/serve-lock.js";
import type { FileLock } from "./store/exclusive-file-lock.js";
import { assertDatabaseFileWritable, assertDatabaseSound, assertDatabaseWritable, assertDirectoriesWritable } from "./data-dir/startup-checks.js";
import { startupRefusal } from "./data-dir/startup-refusal.js";

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

export interface OpenOptions {
  /** `printvakt serve`: also prove the directories and the database writable and run quick_check. */
  serving?: boolean;
  /** The operator accepted losing the live jobs the master key cannot open (`serve --accept-unreadable-jobs`). */
  acceptUnreadableJobs?: boolean;
}

export interface OpenedContext extends AppContext {
  migrationsApplied: string[];
  /** Live jobs the master key cannot open: 0 unless the operator accepted losing them. */
  unreadableJobs: number;
  /** The key file was missing beside an existing database and a new key was written (no live job needed the old one). */
  masterKeyReplaced: boolean;
}

export async function openAppContext(config: Config = loadConfig(), options: OpenOptions = {}): Promise<OpenedContext> {
  // Before anything is created: a lost database beside an earlier install's files is refused.
  const install = await assertDatabaseOrNewInstall(config);
  // 0700: the data directory holds the database and key files; nobody else on the host reads it.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await tightenDataDirectory(config.dataDir);
  // Before anything else is checked or changed: a second server must not sweep under the first.
  const serveLock = options.serving ? await lockDataDirectoryForServing(config.dataDir) : undefined;
  try {
    return await openLocked(config, options, install, serveLock);
  } catch (error) {
    serveLock?.release();
    throw error;
  }
}

async function openLocked(config: Config, options: OpenOptions, install: InstallKind, serveLock: FileLock | undefined): Promise<OpenedContext> {
  const spoolDir = path.join(config.dataDir, "spool");
  await mkdir(spoolDir, { recursive: true, mode: 0o700 });
  const disk = new DiskSpace({ dataDir: config.dataDir, minFreeBytes: config.minFreeBytes, reserveBytes: config.diskReserveBytes });
  // Started on a full disk (after a crash, or another program filled it): the reserve gives the
  // migration check and the write-ahead log's index room to open the database. Later writes that
  // fail for want of space give it back themselves, so a disk merely under the floor keeps it.
  await disk.releaseIfNearlyFull();
  const file = databaseFile(config.databaseUrl);
  if (options.serving) await assertDirectoriesWritable({ dataDir: config.dataDir, spoolDir });
  // An existing SQLite file that `serve` must prove writable and sound; undefined otherwise.
  const checkedFile = options.serving && install === "existing" ? file : undefined;
  if (checkedFile !== undefined) await assertDatabaseFileWritable(checkedFile);
  // 0600 before SQLite opens it, so that its -wal and -shm files are created 0600 as well. And
  // before ANY SQLite connection of this process: protecting opens and closes the file, and closing
  // a descriptor drops every POSIX lock this process holds on it, a connection's included — another
  // process (the CLI, a backup) then checkpoints and deletes the write-ahead log under us. That
  // corrupted the database after a SIGKILL when quick_check's connection came first.
  await protectDatabaseFiles(config.databaseUrl);
  if (checkedFile !== undefined) await assertDatabaseSound(config.databaseUrl, checkedFile);
  // Keys before the migration: a migration may hash stored values with the audit hash key (card
  // numbers). A missing key file is written at once only for a new install; beside an existing
  // database it is written only once the live jobs are known not to need the lost key (review D3).
  const keySource = config.masterKey ? { keyBase64: config.masterKey } : { keyFile: config.masterKeyFile };
  const loaded = await loadMasterKey(keySource);
  const made = loaded === undefined && install === "existing" ? newMasterKey() : undefined;
  const masterKey = loaded ?? made ?? (await saveNewMasterKey(config.masterKeyFile, newMasterKey()));
  const auditHashKey = Buffer.from(hkdfSync("sha256", masterKey.bytes, Buffer.alloc(0), "printvakt audit keyed hash v1", 32));
  // A command (not serve) that finds the database older than its code while a server runs refuses.
  const beforeApplying = options.serving ? undefined : (pending: readonly string[]) => assertNoServerToMigrateUnder(config.dataDir, pending);
  const { applied } = await migrateDatabase(config.databaseUrl, { auditHashKey, beforeApplying });
  const db = await openDatabase(config.databaseUrl, { space: disk });
  try {
    if (options.serving && file !== undefined) await assertDatabaseWritable(db, file);
    const source = config.masterKey ? "PRINTVAKT_MASTER_KEY" : config.masterKeyFile;
    const unreadableJobs = assertMasterKeyOpensLiveJobs(await liveJobsByMasterKey(db), { id: masterKey.id, source, madeNow: made !== undefined }, options.acceptUnreadableJobs === true);
    if (made && (await saveNewMasterKey(config.masterKeyFile, made)).id !== made.id) {
      throw startupRefusal(`the master key file ${config.masterKeyFile} was created by another process while this one started`, "Start again.");
    }
    const heldTime = await HeldTime.open(db);
    return { config, db, masterKey, auditHashKey, heldTime, spoolDir, disk, migrationsApplied: applied, unreadableJobs, masterKeyReplaced: made !== undefined, close: async () => {
      await db.close();
      serveLock?.release();
    } };
  } catch (error) {
    // A refused start must not keep the process alive on an open database.
    await db.close();
    throw error;
  }
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
