// The serve lock's primitive: held until released (a garbage collection does not release it), refused
// to a second holder meanwhile, the file left empty.
import { execFileSync } from "node:child_process";
import { linkSync, mkdtempSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test } from "vitest";
import { holdLockInAnotherProcess } from "../../test/support/lock-holder.js";
import { tryLockExclusively } from "./exclusive-file-lock.js";

let directory: string | undefined;
afterEach(async () => {
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
});

test("a second holder is refused until the first releases; the file stays empty and private", async () => {
  directory = await mkdtemp(path.join(tmpdir(), "printvakt-lock-"));
  const file = path.join(directory, "serve.lock");
  const first = tryLockExclusively(file);
  expect(first).toBeDefined();
  expect(tryLockExclusively(file)).toBeUndefined();
  first!.release();
  const second = tryLockExclusively(file);
  expect(second).toBeDefined();
  second!.release();
  const info = await stat(file);
  expect([info.size, info.mode & 0o777]).toEqual([0, 0o600]);
  expect(await readdir(directory), "no journal beside it").toEqual(["serve.lock"]);
});

test("a lock whose holder dropped every reference to it survives a garbage collection", async () => {
  // Review2 L4: the collector closed the unreferenced connection, and with it the lock.
  directory = await mkdtemp(path.join(tmpdir(), "printvakt-lock-"));
  const file = path.join(directory, "serve.lock");
  const release = await holdLockInAnotherProcess(file);
  try {
    const taken = tryLockExclusively(file);
    taken?.release();
    expect(taken, "still held by the other process after its collection").toBeUndefined();
  } finally {
    expect(await release()).toBe(0);
  }
});

test("asking again in the holding process is refused and leaves the lock held against other processes", () => {
  // Opening and closing the file again (as a second attempt did) drops this process's POSIX lock:
  // SQLite still answered busy here, but another process could then take it.
  directory = mkdtempSync(path.join(tmpdir(), "printvakt-lock-"));
  const file = path.join(directory, "serve.lock");
  const otherProcessTries = () =>
    execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("../../test/support/try-lock.ts", import.meta.url)), file], { encoding: "utf8" }).trim();
  const held = tryLockExclusively(file);
  expect(held).toBeDefined();
  expect(tryLockExclusively(file), "asked again under its own name").toBeUndefined();
  expect(tryLockExclusively(path.join(directory, ".", "serve.lock")), "asked again under another name").toBeUndefined();
  linkSync(file, path.join(directory, "second-name.lock"));
  expect(tryLockExclusively(path.join(directory, "second-name.lock")), "asked again through a hard link").toBeUndefined();
  expect(otherProcessTries()).toBe("refused");
  held!.release();
  held!.release(); // twice is harmless
  expect(otherProcessTries()).toBe("taken");
});
