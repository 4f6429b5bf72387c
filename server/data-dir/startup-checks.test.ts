// Specification of what `serve` proves before taking work: directories that take a file (leaving
// nothing behind), and a database that passes quick_check; each failure names its path.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, open, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { migrateDatabase } from "../store/migrate.js";
import { assertDatabaseFileWritable, assertDatabaseSound, assertDirectoriesWritable } from "./startup-checks.js";

let top: string;
beforeEach(async () => {
  top = await mkdtemp(path.join(tmpdir(), "printvakt-startup-checks-"));
});
afterEach(async () => {
  await rm(top, { recursive: true, force: true });
});

async function refusalOf(check: Promise<void>): Promise<string> {
  const error = await check.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(PrintvaktError);
  expect((error as PrintvaktError).code).toBe("bad-config");
  return (error as PrintvaktError).userMessage;
}

async function migrated(): Promise<{ url: string; file: string }> {
  const file = path.join(top, "printvakt.db");
  await migrateDatabase(`file:${file}`);
  return { url: `file:${file}`, file };
}

describe("the directories", () => {
  test("pass when both take a file, and the probe leaves nothing behind", async () => {
    const spoolDir = path.join(top, "spool");
    await mkdir(spoolDir);
    await assertDirectoriesWritable({ dataDir: top, spoolDir });
    expect(await readdir(top)).toEqual(["spool"]);
    expect(await readdir(spoolDir)).toEqual([]);
  });

  test("are refused with the path and the file system's reason", async () => {
    const spoolDir = path.join(top, "spool");
    await writeFile(spoolDir, "not a directory");
    expect(await refusalOf(assertDirectoriesWritable({ dataDir: top, spoolDir }))).toBe(
      `refusing to start: the spool directory ${spoolDir} cannot be written (ENOTDIR). Make it writable by the account Printvakt runs as (owner and mode, a read-only mount) and start again.`,
    );
  });
});

describe("the database", () => {
  test("passes quick_check when sound", async () => {
    const { url, file } = await migrated();
    await assertDatabaseSound(url, file);
    await assertDatabaseFileWritable(file);
  });

  test("with overwritten pages fails quick_check, and the refusal says what to do", async () => {
    const { url, file } = await migrated();
    const handle = await open(file, "r+");
    await handle.write(randomBytes(8192), 0, 8192, 2 * 4096);
    await handle.close();
    const message = await refusalOf(assertDatabaseSound(url, file));
    expect(message).toContain(`refusing to start: the database ${file} fails SQLite's quick_check: `);
    expect(message).toContain("restore the database from a backup");
  });

  test("that is no SQLite file at all is refused the same way", async () => {
    const file = path.join(top, "printvakt.db");
    await writeFile(file, randomBytes(8192));
    expect(await refusalOf(assertDatabaseSound(`file:${file}`, file))).toMatch(/fails SQLite's quick_check: .*(not a database|NOTADB)/i);
  });

  test("file that cannot be opened for writing is refused with the reason", async () => {
    const file = path.join(top, "missing.db");
    expect(await refusalOf(assertDatabaseFileWritable(file))).toContain(`the database ${file} cannot be written (ENOENT)`);
  });
});
