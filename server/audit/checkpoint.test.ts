// Specification of signed checkpoints and of the key file that signs them.
import { generateKeyPairSync } from "node:crypto";
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { keyIdOf, loadOrCreateCheckpointKey, publicKeyPem, signCheckpoint, toPublicKey, verifyCheckpoint, type Checkpoint } from "./checkpoint.js";

// Windows has no POSIX mode bits, so the 0600 promises cannot be checked there.
const onWindows = process.platform === "win32";

function makeKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, "base64");
  bytes[0] = bytes[0]! ^ 0xff;
  return bytes.toString("base64");
}

const head = { seq: 12, hash: "ab".repeat(32) };
const at = new Date(Date.UTC(2025, 4, 6, 7, 8, 9, 10));

describe("signCheckpoint and verifyCheckpoint", () => {
  test("a checkpoint verifies with the key that signed it", () => {
    const key = makeKey();
    const checkpoint = signCheckpoint(key, head, at);
    expect(checkpoint).toMatchObject({ seq: 12, hash: head.hash, keyId: key.keyId });
    expect(Buffer.from(checkpoint.signature, "base64")).toHaveLength(64);
    expect(verifyCheckpoint(checkpoint, key.publicKey)).toBe(true);
  });

  test("verifies with the public key PEM an auditor is given", () => {
    const key = makeKey();
    const pem = publicKeyPem(key.publicKey);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(verifyCheckpoint(signCheckpoint(key, head, at), pem)).toBe(true);
  });

  test("any changed field makes it fail", () => {
    const key = makeKey();
    const checkpoint = signCheckpoint(key, head, at);
    const altered: Checkpoint[] = [
      { ...checkpoint, seq: 13 },
      { ...checkpoint, hash: "cd".repeat(32) },
      { ...checkpoint, at: new Date(at.getTime() + 1) },
      { ...checkpoint, signature: flipFirstByte(checkpoint.signature) },
      { ...checkpoint, signature: `${checkpoint.signature}AAAA` },
      { ...checkpoint, signature: "" },
    ];
    for (const candidate of altered) expect(verifyCheckpoint(candidate, key.publicKey)).toBe(false);
  });

  test("a checkpoint signed with another key fails, even when it claims our keyId", () => {
    const ours = makeKey();
    const theirs = makeKey();
    const forged = signCheckpoint({ privateKey: theirs.privateKey, keyId: ours.keyId }, head, at);
    expect(verifyCheckpoint(forged, ours.publicKey)).toBe(false);
    expect(verifyCheckpoint(signCheckpoint(theirs, head, at), ours.publicKey)).toBe(false);
  });

  test("refuses to sign a head that is not a real entry", () => {
    const key = makeKey();
    expect(() => signCheckpoint(key, { seq: 0, hash: head.hash }, at)).toThrow(PrintvaktError);
    expect(() => signCheckpoint(key, { seq: 1, hash: "xyz" }, at)).toThrow(PrintvaktError);
  });

  test("refuses public keys that are not Ed25519", () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(() => toPublicKey(publicKey)).toThrow(/must be Ed25519/);
    expect(() => toPublicKey("not a pem")).toThrow(PrintvaktError);
  });
});

describe("loadOrCreateCheckpointKey", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "printvakt-audit-key-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  test.skipIf(onWindows)("creates a PKCS8 PEM file readable by its owner only, in a new directory", async () => {
    const file = join(directory, "keys", "audit-checkpoint.pem");
    const key = await loadOrCreateCheckpointKey(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(key.keyId).toBe(keyIdOf(key.publicKeyPem));
    expect(await readdir(join(directory, "keys"))).toEqual(["audit-checkpoint.pem"]); // no temporary file left behind
  });

  test("reuses the same key on the next start", async () => {
    const file = join(directory, "audit-checkpoint.pem");
    const first = await loadOrCreateCheckpointKey(file);
    const second = await loadOrCreateCheckpointKey(file);
    expect(second.keyId).toBe(first.keyId);
    expect(verifyCheckpoint(signCheckpoint(first, head, at), second.publicKey)).toBe(true);
  });

  test("concurrent first starts all end up with one and the same key", async () => {
    const file = join(directory, "audit-checkpoint.pem");
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateCheckpointKey(file)));
    expect(new Set(keys.map((key) => key.keyId)).size).toBe(1);
    expect(await readdir(directory)).toEqual(["audit-checkpoint.pem"]);
  });

  test.skipIf(onWindows)("refuses a key file that group or others can read", async () => {
    const file = join(directory, "audit-checkpoint.pem");
    await loadOrCreateCheckpointKey(file);
    await chmod(file, 0o640);
    await expect(loadOrCreateCheckpointKey(file)).rejects.toMatchObject({ code: "bad-config", message: expect.stringContaining("mode 640") });
  });

  test("refuses a file that holds something other than an Ed25519 private key", async () => {
    const file = join(directory, "audit-checkpoint.pem");
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    await writeFile(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    await expect(loadOrCreateCheckpointKey(file)).rejects.toMatchObject({ code: "bad-config", message: expect.stringContaining("not Ed25519") });
    await writeFile(file, "garbage", { mode: 0o600 });
    await expect(loadOrCreateCheckpointKey(file)).rejects.toMatchObject({ code: "bad-config" });
  });

  test("refuses a directory in place of the key file", async () => {
    await expect(loadOrCreateCheckpointKey(directory)).rejects.toMatchObject({ code: "bad-config", message: expect.stringContaining("not a regular file") });
  });
});
