// The serve lock's primitive: held until released, refused to a second holder meanwhile, the file left empty.
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
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
