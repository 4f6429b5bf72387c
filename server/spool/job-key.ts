// Per-job keys: creation, wrapping under the master key, and sealing small personal fields.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";
import type { MasterKey } from "./master-key.js";
import { integrityError } from "./spool-error.js";

export const JOB_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 1;
const MASTER_ID_BYTES = 8;

// Wrapped key: version(1) | master key id(8) | nonce(12) | encrypted job key(32) | tag(16).
const WRAPPED_HEADER_BYTES = 1 + MASTER_ID_BYTES;
export const WRAPPED_JOB_KEY_BYTES = WRAPPED_HEADER_BYTES + NONCE_BYTES + JOB_KEY_BYTES + TAG_BYTES;
// Sealed field: version(1) | nonce(12) | ciphertext(n) | tag(16).
const SEALED_OVERHEAD_BYTES = 1 + NONCE_BYTES + TAG_BYTES;

/**
 * The job key is never used directly: each use gets its own key derived with HKDF, so the spool
 * file and the small fields can never share a (key, nonce) pair whatever their nonces happen to be.
 */
export type JobKeyPurpose = "spool-file" | "small-field";

export function newJobKey(): Buffer {
  return randomBytes(JOB_KEY_BYTES);
}

export function deriveJobSubkey(jobKey: Buffer, purpose: JobKeyPurpose): Buffer {
  assertJobKey(jobKey);
  return hkdfSha256Key(jobKey, SUBKEY_INFO[purpose]);
}

const SUBKEY_INFO: Record<JobKeyPurpose, Buffer> = {
  "spool-file": Buffer.from(`printvakt spool-file v${FORMAT_VERSION}\x01`),
  "small-field": Buffer.from(`printvakt small-field v${FORMAT_VERSION}\x01`),
};
const NO_SALT = Buffer.alloc(32);

/**
 * HKDF-SHA256 (RFC 5869) with an empty salt and a 32-byte output, as hkdfSync("sha256", key,
 * empty salt, info, 32) gives, in two HMACs: extract (HMAC keyed with HashLen zero octets, the empty
 * salt's stand-in) and the one expand block T(1) = HMAC(PRK, info | 0x01); `infoAndCounter` ends with
 * that 0x01. hkdfSync builds key objects and checks its arguments on every call, which made it about
 * twice the cost; a kiosk list opens a title per job, 50 badges at once about a thousand (issue 13).
 * job-key.test.ts holds it to hkdfSync.
 */
function hkdfSha256Key(key: Buffer, infoAndCounter: Buffer): Buffer {
  const pseudorandomKey = createHmac("sha256", NO_SALT).update(key).digest();
  return createHmac("sha256", pseudorandomKey).update(infoAndCounter).digest();
}

/** Encrypts the job key under the master key; the context (the job's spool id) binds it to one job. */
export function wrapJobKey(master: MasterKey, jobKey: Buffer, context: string): Buffer {
  assertJobKey(jobKey);
  const header = Buffer.concat([Buffer.of(FORMAT_VERSION), Buffer.from(master.id, "hex")]);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", master.bytes, nonce);
  cipher.setAAD(wrapAad(header, context));
  const encrypted = Buffer.concat([cipher.update(jobKey), cipher.final()]);
  return Buffer.concat([header, nonce, encrypted, cipher.getAuthTag()]);
}

export function unwrapJobKey(master: MasterKey, wrapped: Buffer, context: string): Buffer {
  if (wrapped.length !== WRAPPED_JOB_KEY_BYTES) throw integrityError("malformed", `wrapped job key has ${wrapped.length} bytes, want ${WRAPPED_JOB_KEY_BYTES}`);
  if (wrapped[0] !== FORMAT_VERSION) throw integrityError("unsupported-version", `wrapped job key has format version ${wrapped[0]}`);
  const masterId = wrappedKeyMasterId(wrapped);
  if (masterId !== master.id) throw integrityError("wrong-master-key", `job key was wrapped by master key ${masterId}, loaded key is ${master.id}`);
  const header = wrapped.subarray(0, WRAPPED_HEADER_BYTES);
  const nonce = wrapped.subarray(WRAPPED_HEADER_BYTES, WRAPPED_HEADER_BYTES + NONCE_BYTES);
  const encrypted = wrapped.subarray(WRAPPED_HEADER_BYTES + NONCE_BYTES, wrapped.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", master.bytes, nonce);
  decipher.setAAD(wrapAad(header, context));
  decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(encrypted), decipher.final()]);
  } catch {
    throw integrityError("authentication-failed", "wrapped job key does not verify (tampered, or wrapped for another job)");
  }
}

/** Which master key wrapped this job key: lets a key rotation find the jobs still on the old key. */
export function wrappedKeyMasterId(wrapped: Buffer): string {
  return wrapped.subarray(1, WRAPPED_HEADER_BYTES).toString("hex");
}

/** Encrypts a small personal field (the title, the owner's display name) under the job key. */
export function sealSmall(jobKey: Buffer, plaintext: string, context: string): Buffer {
  const header = Buffer.of(FORMAT_VERSION);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveJobSubkey(jobKey, "small-field"), nonce);
  cipher.setAAD(sealAad(header, context));
  const encrypted = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([header, nonce, encrypted, cipher.getAuthTag()]);
}

export function openSmall(jobKey: Buffer, sealed: Buffer, context: string): string {
  if (sealed.length < SEALED_OVERHEAD_BYTES) throw integrityError("malformed", `sealed field has only ${sealed.length} bytes`);
  if (sealed[0] !== FORMAT_VERSION) throw integrityError("unsupported-version", `sealed field has format version ${sealed[0]}`);
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", deriveJobSubkey(jobKey, "small-field"), nonce);
  decipher.setAAD(sealAad(sealed.subarray(0, 1), context));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw integrityError("authentication-failed", "sealed field does not verify (tampered, wrong key or wrong context)");
  }
}

export function assertJobKey(jobKey: Buffer): void {
  if (!Buffer.isBuffer(jobKey) || jobKey.length !== JOB_KEY_BYTES) {
    throw new PrintvaktError("internal", `a job key must be ${JOB_KEY_BYTES} bytes`);
  }
}

// The labels keep a wrapped key and a sealed field from ever verifying as each other.
function wrapAad(header: Buffer, context: string): Buffer {
  return Buffer.concat([Buffer.from("printvakt wrapped job key\0"), header, contextBytes(context)]);
}

function sealAad(header: Buffer, context: string): Buffer {
  return Buffer.concat([Buffer.from("printvakt sealed field\0"), header, contextBytes(context)]);
}

function contextBytes(context: string): Buffer {
  // An empty context would let a key or field verify anywhere, which is what the context prevents.
  if (context.length === 0) throw new PrintvaktError("internal", "a key context must not be empty");
  return Buffer.from(context, "utf8");
}
