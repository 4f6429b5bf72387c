// A CLI command must not migrate the database beneath a running server (it migrates as it opens the
// database): after an upgrade and before the server's restart, the server still runs the old code.
import { cp, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { openAppContext } from "../app-context.js";
import { loadConfig } from "../config.js";
import { sqliteMigrationsDir } from "../paths.js";
import { migrateDatabase } from "../store/migrate.js";
import { holdLockInAnotherProcess } from "../../test/support/lock-holder.js";
import { lockDataDirectoryForServing, SERVE_LOCK_FILE } from "./serve-lock.js";

let directory: string | undefined;
afterEach(async () => {
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
});

/** Another process holding the serve lock, as a running server does; ends when the returned function is called. */
const holdServeLock = (dataDir: string) => holdLockInAnotherProcess(path.join(dataDir, SERVE_LOCK_FILE));

test("a command finding the database one migration behind refuses while a server runs, migrates nothing, and migrates once it stopped", async () => {
  directory = await mkdtemp(path.join(tmpdir(), "printvakt-cli-migrate-"));
  const dataDir = path.join(directory, "data");
  const config = loadConfig({ PRINTVAKT_DATA_DIR: dataDir });
  // The database as the previous version left it: every migration but the newest.
  const names = (await readdir(sqliteMigrationsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const newest = names.at(-1)!;
  const older = path.join(directory, "older-migrations");
  for (const name of names.slice(0, -1)) await cp(path.join(sqliteMigrationsDir, name), path.join(older, name), { recursive: true });
  const first = await openAppContext(config); // a new install: key file, directories, database
  await first.close();
  const previous = path.join(directory, "previous.db");
  await migrateDatabase(`file:${previous}`, { migrationsDir: older });
  const current = config.databaseUrl.slice("file:".length);
  await Promise.all(["", "-wal", "-shm"].map((suffix) => rm(`${current}${suffix}`, { force: true })));
  await cp(previous, current);

  const stopServer = await holdServeLock(dataDir);
  try {
    await expect(openAppContext(config)).rejects.toThrow(
      new RegExp(`needs migrating \\(${newest}\\) while a printvakt serve runs on the data directory .*restart the server first`),
    );
    // Untouched: its history still ends one migration back (a history holding the newest would be refused as newer).
    expect(await migrateDatabase(config.databaseUrl, { migrationsDir: older })).toEqual({ applied: [] });
  } finally {
    expect(await stopServer()).toBe(0);
  }

  const after = await openAppContext(config);
  try {
    expect(after.migrationsApplied).toEqual([newest]);
  } finally {
    await after.close();
  }
});

test("a command beside a server on an up-to-date database works as before", async () => {
  directory = await mkdtemp(path.join(tmpdir(), "printvakt-cli-migrate-"));
  const config = loadConfig({ PRINTVAKT_DATA_DIR: path.join(directory, "data") });
  await (await openAppContext(config)).close();
  const stopServer = await holdServeLock(config.dataDir);
  try {
    const beside = await openAppContext(config);
    expect(beside.migrationsApplied).toEqual([]);
    await beside.close();
  } finally {
    expect(await stopServer()).toBe(0);
  }
});

test("a start waits out a lock held for a moment (a command's check), and refuses one held on", async () => {
  // Review: a CLI command's check holds serve.lock for about a millisecond; a start at that moment
  // was refused as if another server ran.
  directory = await mkdtemp(path.join(tmpdir(), "printvakt-serve-lock-"));
  await mkdir(path.join(directory, "data"));
  const dataDir = path.join(directory, "data");
  const release = await holdServeLock(dataDir);
  const starting = lockDataDirectoryForServing(dataDir);
  await sleep(200);
  expect(await release()).toBe(0);
  const lock = await starting;
  lock.release();

  const stillHeld = await holdServeLock(dataDir);
  try {
    await expect(lockDataDirectoryForServing(dataDir, 300)).rejects.toThrow(/another printvakt serve already runs on the data directory/);
  } finally {
    expect(await stillHeld()).toBe(0);
  }
});
