// Loads the master key that wraps every job key, creating the key file on first start.
import { createHash, randomBytes } from "node:crypto";
import { link, mkdir, open, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { inspect } from "node:util";
import { PrintvaktError } from "../../core/errors.js";
import { isErrnoCode, syncDirectory } from "./file-system.js";

export const MASTER_KEY_BYTES = 32;

/**
 * The master key and its id. The id goes into every wrapped job key so that a job wrapped under an
 * old or foreign master key is recognised as such instead of failing as "tampered".
 * The raw bytes are hidden from JSON.stringify and util.inspect so a stray log line cannot leak them.
 */
export class MasterKey {
  readonly id: string;
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    if (bytes.length !== MASTER_KEY_BYTES) {
      throw new PrintvaktError("bad-config", `master key must be ${MASTER_KEY_BYTES} bytes, got ${bytes.length}`);
    }
    this.#bytes = Buffer.from(bytes);
    this.id = masterKeyId(this.#bytes);
  }

  /** The raw key. Only the wrapping code in job-key.ts should need this. */
  get bytes(): Buffer {
    return this.#bytes;
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  [inspect.custom](): string {
    return `MasterKey(${this.id})`;
  }
}

export type MasterKeySource = { keyFile: string } | { keyBase64: string };

export async function loadOrCreateMasterKey(options: MasterKeySource): Promise<MasterKey> {
  if ("keyBase64" in options) return new MasterKey(decodeConfiguredKey(options.keyBase64));
  return (await loadMasterKey(options)) ?? saveNewMasterKey(options.keyFile, newMasterKey());
}

/** The configured key, or the key file's; undefined when the file does not exist (nothing is created). */
export async function loadMasterKey(options: MasterKeySource): Promise<MasterKey | undefined> {
  if ("keyBase64" in options) return new MasterKey(decodeConfiguredKey(options.keyBase64));
  const existing = await readKeyFile(options.keyFile);
  return existing ? new MasterKey(existing) : undefined;
}

/** A fresh random key, not yet written anywhere: the start writes it only once its checks passed. */
export function newMasterKey(): MasterKey {
  return new MasterKey(randomBytes(MASTER_KEY_BYTES));
}

/**
 * Writes `key` to a key file that does not exist yet. Another process may have created the file
 * first; its key is the one everybody must use, and it is returned instead.
 */
export async function saveNewMasterKey(keyFile: string, key: MasterKey): Promise<MasterKey> {
  const created = await createKeyFile(keyFile, key.bytes);
  return created ? key : new MasterKey(await readKeyFileOrFail(keyFile));
}

/** First 8 bytes of a labelled SHA-256 of the key, hex: identifies the key without revealing it. */
function masterKeyId(bytes: Buffer): string {
  return createHash("sha256").update("printvakt master key id\0").update(bytes).digest().subarray(0, 8).toString("hex");
}

function decodeConfiguredKey(text: string): Buffer {
  const trimmed = text.trim();
  const bytes = Buffer.from(trimmed, "base64");
  // Buffer.from skips characters that are not base64, so compare the round trip to be strict.
  if (bytes.toString("base64") !== trimmed || bytes.length !== MASTER_KEY_BYTES) {
    throw new PrintvaktError("bad-config", `the configured master key must be base64 of exactly ${MASTER_KEY_BYTES} bytes`);
  }
  return bytes;
}

/** Returns the key, or undefined when the file does not exist; refuses unsafe or malformed files. */
async function readKeyFile(keyFile: string): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(keyFile, "r");
  } catch (error) {
    if (isErrnoCode(error, "ENOENT")) return undefined;
    throw new PrintvaktError("bad-config", `cannot open master key file ${keyFile}`, { cause: error });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new PrintvaktError("bad-config", `master key file ${keyFile} is not a regular file`);
    // Windows has no POSIX permission bits (Node reports 0o666 for every file), so the check would refuse every key there.
    if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
      throw new PrintvaktError("bad-config", `master key file ${keyFile} must not be accessible by group or others (mode ${(stat.mode & 0o777).toString(8)}, want 600)`);
    }
    if (stat.size !== MASTER_KEY_BYTES) {
      throw new PrintvaktError("bad-config", `master key file ${keyFile} must hold exactly ${MASTER_KEY_BYTES} bytes, it holds ${stat.size}`);
    }
    const bytes = Buffer.alloc(MASTER_KEY_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, MASTER_KEY_BYTES, 0);
    if (bytesRead !== MASTER_KEY_BYTES) throw new PrintvaktError("bad-config", `master key file ${keyFile} is shorter than it claims`);
    return bytes;
  } finally {
    await handle.close();
  }
}

async function readKeyFileOrFail(keyFile: string): Promise<Buffer> {
  const bytes = await readKeyFile(keyFile);
  if (!bytes) throw new PrintvaktError("bad-config", `master key file ${keyFile} vanished while starting`);
  return bytes;
}

/**
 * Writes the key to a private temporary file, syncs it, then hard-links it into place.
 * link() fails when the name exists, unlike rename(), so a concurrent first start can never
 * replace a key that another process already handed out. Returns undefined when that race was lost.
 */
async function createKeyFile(keyFile: string, bytes: Buffer): Promise<Buffer | undefined> {
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  const temporary = `${keyFile}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, keyFile);
  } catch (error) {
    if (isErrnoCode(error, "EEXIST")) return undefined;
    throw new PrintvaktError("bad-config", `cannot create master key file ${keyFile}`, { cause: error });
  } finally {
    await unlink(temporary);
  }
  await syncDirectory(dirname(keyFile));
  return bytes;
}
