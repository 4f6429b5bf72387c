// A lost database must not pass for a new install (reliability review D4). With printvakt.db gone
// but the spool, the keys or a witness file still there, the server used to migrate an empty
// database, sweep every held job's spool file as an orphan, and `audit verify` said "intact".
// A new install is made only where no earlier one left anything; otherwise the start is refused.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config.js";
import { databaseFile } from "../private-files.js";
import { RESERVE_FILE } from "../spool/disk-space.js";
import { startupRefusal } from "./startup-refusal.js";

/** Whether the database was there (an existing install) or this start makes a new one. */
export type InstallKind = "existing" | "new";

/** What an earlier install leaves behind, each as "path (what it is)"; empty files do not count (a witness file made ready on a share). */
export async function previousInstallTraces(config: Config): Promise<string[]> {
  const traces: string[] = [];
  const spoolDir = path.join(config.dataDir, "spool");
  const spooled = await entriesOf(spoolDir);
  if (spooled > 0) traces.push(`${spoolDir} (${spooled} spool file${spooled === 1 ? "" : "s"})`);
  const file = databaseFile(config.databaseUrl);
  const candidates: [string | undefined, string][] = [
    [config.masterKey === undefined ? config.masterKeyFile : undefined, "master key"],
    [config.auditKeyFile, "audit signing key"],
    [file && `${file}-wal`, "database write-ahead log"],
    [file && `${file}-journal`, "database journal"],
    [path.join(config.dataDir, RESERVE_FILE), "disk reserve"],
    ...(config.auditWitnessFiles ?? []).map((witness): [string, string] => [witness, "audit witness file"]),
  ];
  for (const [candidate, what] of candidates) {
    if (candidate !== undefined && ((await sizeOf(candidate)) ?? 0) > 0) traces.push(`${candidate} (${what})`);
  }
  return traces;
}

/**
 * Runs before anything in the data directory is created. A SQLite database that is missing (or
 * empty) where an earlier install left traces refuses the start; otherwise says whether this is a
 * new install. A database that is not a file (PostgreSQL) is always "existing": its server keeps it.
 */
export async function assertDatabaseOrNewInstall(config: Config): Promise<InstallKind> {
  const file = databaseFile(config.databaseUrl);
  if (file === undefined || file === ":memory:") return "existing";
  if (((await sizeOf(file)) ?? 0) > 0) return "existing";
  const traces = await previousInstallTraces(config);
  if (traces.length === 0) return "new";
  throw startupRefusal(
    `the database ${file} is missing or empty, but ${traces.join(", ")} show an earlier install; starting would make a new, empty install beside them, remove the held jobs' spool files and lose the audit log`,
    "Restore the database from a backup, or point PRINTVAKT_DATA_DIR / DATABASE_URL at the right place. To really start over, move the data directory, the key files and the witness files aside and start with an empty data directory.",
  );
}

async function entriesOf(directory: string): Promise<number> {
  try {
    return (await readdir(directory)).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
