// The data directory and the SQLite files hold card numbers, the audit log and wrapped job keys:
// only the service account reads them (review L7). The database was created 0644, protected only
// by the directory around it, and DATABASE_URL may point outside that directory. Each start
// creates the database 0600 (SQLite gives its -wal and -shm files the database file's mode) and
// tightens files and a directory that an older version, or a restored backup, left open.
import { chmod, open, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** Windows has no POSIX permission bits (Node reports 0o666): there is nothing to tighten. */
const POSIX = process.platform !== "win32";
/** Sticky bit: a shared directory such as /tmp, which is not ours to close. */
const STICKY = 0o1000;

/** The file a SQLite `file:` URL names, or undefined for other databases. */
export function databaseFile(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith("file:")) return undefined;
  if (databaseUrl.startsWith("file://")) return fileURLToPath(databaseUrl.split("?")[0]!);
  return decodeURIComponent(databaseUrl.slice("file:".length).split("?")[0]!);
}

async function modeOf(file: string): Promise<{ mode: number; uid: number } | undefined> {
  try {
    const info = await stat(file);
    return { mode: info.mode, uid: info.uid };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The data directory 0700, when it is ours and not a shared sticky directory. */
export async function tightenDataDirectory(directory: string): Promise<void> {
  if (!POSIX) return;
  const info = await modeOf(directory);
  if (!info || (info.mode & 0o077) === 0 || (info.mode & STICKY) !== 0 || info.uid !== process.getuid?.()) return;
  await chmod(directory, 0o700);
}

/** Creates the database file 0600 if it is missing, and takes group and other access from it and its companions. */
export async function protectDatabaseFiles(databaseUrl: string): Promise<void> {
  const file = databaseFile(databaseUrl);
  if (!POSIX || file === undefined || file === ":memory:") return;
  // "a" creates without truncating: an empty file is an empty SQLite database.
  await (await open(file, "a", 0o600)).close();
  for (const companion of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    const info = await modeOf(companion);
    if (info && (info.mode & 0o077) !== 0) await chmod(companion, info.mode & 0o700);
  }
}
