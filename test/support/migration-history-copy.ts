// A copy of part of the SQLite migration history, for tests that need a database as an older
// version left it: migrate with the copy, write rows of that time, then migrate with the whole history.
import { cp, readdir } from "node:fs/promises";
import path from "node:path";
import { sqliteMigrationsDir } from "../../server/paths.js";

/** Copies the migrations `keep` names (by folder name) into `into`; returns `into`. */
export async function copyMigrationHistory(into: string, keep: (name: string) => boolean): Promise<string> {
  const names = (await readdir(sqliteMigrationsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  for (const name of names.filter(keep)) await cp(path.join(sqliteMigrationsDir, name), path.join(into, name), { recursive: true });
  return into;
}
