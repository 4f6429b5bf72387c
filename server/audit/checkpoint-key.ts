// Loads the Ed25519 key that signs audit checkpoints, creating its PKCS8 PEM file on first start.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { link, mkdir, open, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { PrintvaktError } from "../../core/errors.js";
import { syncDirectory } from "../spool/file-system.js";
import { keyIdOf, publicKeyPem } from "./public-key.js";

export interface CheckpointKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  /** SPKI PEM of the public key: what auditors need to verify checkpoints on their own machines. */
  publicKeyPem: string;
}

/**
 * Reads the key file, or creates it (mode 0600) when it does not exist. Refuses a file that group
 * or others can access, or that does not hold an Ed25519 private key, with a "bad-config" error.
 */
export async function loadOrCreateCheckpointKey(file: string): Promise<CheckpointKey> {
  const existing = await readKeyFile(file);
  if (existing !== undefined) return parseKey(existing, file);
  const created = await createKeyFile(file);
  // Another process may have created the file first; its key is the one everybody must use.
  const pem = created ?? (await readKeyFile(file));
  if (pem === undefined) throw new PrintvaktError("bad-config", `checkpoint key file ${file} vanished while starting`);
  return parseKey(pem, file);
}

function parseKey(pem: string, file: string): CheckpointKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new PrintvaktError("bad-config", `checkpoint key file ${file} does not hold a PEM private key`, { cause: error });
  }
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new PrintvaktError("bad-config", `checkpoint key file ${file} holds a ${privateKey.asymmetricKeyType} key, not Ed25519`);
  }
  const pemText = publicKeyPem(privateKey);
  // Parsed back from the PEM, so publicKey is exactly what auditors are given.
  return { privateKey, publicKey: createPublicKey(pemText), keyId: keyIdOf(privateKey), publicKeyPem: pemText };
}

async function readKeyFile(file: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return undefined;
    throw new PrintvaktError("bad-config", `cannot open checkpoint key file ${file}`, { cause: error });
  }
  try {
    // fstat on the open handle, so the file checked is the file read even if the name is swapped meanwhile.
    const stat = await handle.stat();
    if (!stat.isFile()) throw new PrintvaktError("bad-config", `checkpoint key file ${file} is not a regular file`);
    // Windows has no POSIX permission bits (Node reports 0o666 for every file), so the check would refuse every key there.
    if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
      throw new PrintvaktError(
        "bad-config",
        `checkpoint key file ${file} must not be accessible by group or others (mode ${(stat.mode & 0o777).toString(8)}, want 600)`,
      );
    }
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * Writes a fresh key to a private temporary file, syncs it, then hard-links it into place.
 * link() fails when the name exists, unlike rename(), so a concurrent first start can never
 * replace a key that another process already used. Returns undefined when that race was lost.
 */
async function createKeyFile(file: string): Promise<string | undefined> {
  const directory = dirname(file);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temporary, "wx", 0o600);
  try {
    // open()'s mode passes through the umask; set it explicitly so the file is 0600 whatever the umask.
    await handle.chmod(0o600);
    await handle.writeFile(pem, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, file);
  } catch (error) {
    if (errnoCode(error) === "EEXIST") return undefined;
    throw new PrintvaktError("bad-config", `cannot create checkpoint key file ${file}`, { cause: error });
  } finally {
    await unlink(temporary);
  }
  // The new directory entry made durable, so a crash right after start cannot lose a key already used to sign.
  await syncDirectory(directory);
  return pem;
}

function errnoCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
}
