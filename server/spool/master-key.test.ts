// Specification of the master key: created once and privately, reused, and refused when unsafe.
import { mkdtemp, readdir, readFile, rm, stat, writeFile, chmod, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { loadMasterKey, loadOrCreateMasterKey, newMasterKey, saveNewMasterKey, type MasterKeySource } from "./master-key.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "printvakt-master-key-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function loadFailure(options: MasterKeySource): Promise<PrintvaktError> {
  const failure = await loadOrCreateMasterKey(options).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(PrintvaktError);
  expect((failure as PrintvaktError).code).toBe("bad-config");
  return failure as PrintvaktError;
}

describe("a master key file", () => {
  test("is created on first start with 32 random bytes, readable by the owner only", async () => {
    const keyFile = join(directory, "master.key");
    const key = await loadOrCreateMasterKey({ keyFile });
    const info = await stat(keyFile);
    expect(info.mode & 0o777).toBe(0o600);
    expect(info.size).toBe(32);
    expect((await readFile(keyFile)).equals(key.bytes)).toBe(true);
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
  });

  test("is reused on the next start", async () => {
    const keyFile = join(directory, "master.key");
    const first = await loadOrCreateMasterKey({ keyFile });
    const second = await loadOrCreateMasterKey({ keyFile });
    expect(second.id).toBe(first.id);
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });

  test("is created in a missing directory, and no temporary file is left behind", async () => {
    const keyFile = join(directory, "data", "master.key");
    await loadOrCreateMasterKey({ keyFile });
    expect(await readdir(join(directory, "data"))).toEqual(["master.key"]);
  });

  test("is created once when several processes start at the same moment", async () => {
    const keyFile = join(directory, "master.key");
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateMasterKey({ keyFile })));
    expect(new Set(keys.map((key) => key.id)).size).toBe(1);
    expect((await readFile(keyFile)).equals((keys[0] as { bytes: Buffer }).bytes)).toBe(true);
    expect(await readdir(directory)).toEqual(["master.key"]);
  });

  test("is refused when group or others can read it", async () => {
    const keyFile = join(directory, "master.key");
    await writeFile(keyFile, randomBytes(32), { mode: 0o600 });
    await chmod(keyFile, 0o644);
    expect((await loadFailure({ keyFile })).message).toContain("644");
    await chmod(keyFile, 0o640);
    await loadFailure({ keyFile });
  });

  test("is refused when it does not hold exactly 32 bytes", async () => {
    const keyFile = join(directory, "master.key");
    await writeFile(keyFile, randomBytes(31), { mode: 0o600 });
    await loadFailure({ keyFile });
    await writeFile(keyFile, randomBytes(33), { mode: 0o600 });
    await loadFailure({ keyFile });
    await writeFile(keyFile, Buffer.alloc(0), { mode: 0o600 });
    await loadFailure({ keyFile });
  });

  test("is refused when the path is a directory", async () => {
    const keyFile = join(directory, "master.key");
    await mkdir(keyFile, { mode: 0o700 });
    await loadFailure({ keyFile });
  });
});

describe("a master key from configuration", () => {
  test("is the base64 of exactly 32 bytes and gets the same id as the same key in a file", async () => {
    const bytes = randomBytes(32);
    const keyFile = join(directory, "master.key");
    await writeFile(keyFile, bytes, { mode: 0o600 });
    const fromConfig = await loadOrCreateMasterKey({ keyBase64: `${bytes.toString("base64")}\n` });
    expect(fromConfig.bytes.equals(bytes)).toBe(true);
    expect(fromConfig.id).toBe((await loadOrCreateMasterKey({ keyFile })).id);
  });

  test("is refused when it decodes to another length or is not base64", async () => {
    await loadFailure({ keyBase64: randomBytes(31).toString("base64") });
    await loadFailure({ keyBase64: randomBytes(48).toString("base64") });
    await loadFailure({ keyBase64: "" });
    const valid = randomBytes(32).toString("base64");
    await loadFailure({ keyBase64: `${valid.slice(0, 10)}!${valid.slice(10)}` });
  });
});

test("the key bytes never show in JSON or util.inspect output", async () => {
  const bytes = randomBytes(32);
  const key = await loadOrCreateMasterKey({ keyBase64: bytes.toString("base64") });
  const shown = JSON.stringify({ key }) + inspect({ key }, { showHidden: true, depth: 5 });
  expect(shown).toContain(key.id);
  expect(shown).not.toContain(bytes.toString("hex"));
  expect(shown).not.toContain(bytes.toString("base64"));
  expect(shown).not.toMatch(/<Buffer/);
});

describe("loading without creating", () => {
  test("finds no key where there is no file, and writes none", async () => {
    const keyFile = join(directory, "master.key");
    expect(await loadMasterKey({ keyFile })).toBeUndefined();
    expect(await readdir(directory)).toEqual([]);
  });

  test("a key made now is written only when saved, and a key another process saved first wins", async () => {
    const keyFile = join(directory, "master.key");
    const made = newMasterKey();
    expect(await readdir(directory)).toEqual([]);
    expect((await saveNewMasterKey(keyFile, made)).id).toBe(made.id);
    expect((await loadMasterKey({ keyFile }))?.id).toBe(made.id);
    const later = newMasterKey();
    expect((await saveNewMasterKey(keyFile, later)).id).toBe(made.id);
  });
});
