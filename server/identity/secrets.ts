// Hashing and comparing secrets: argon2id for things people choose (PINs, passwords), SHA-256 for
// long random tokens (a kiosk token has 256 bits of entropy, so a fast hash loses nothing).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): ~100 ms here, memory-hard against GPUs.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashSecret(secret: string): Promise<string> {
  return hash(secret, ARGON2_OPTIONS);
}

/** Constant-time inside argon2's verify; a malformed stored hash simply does not match. */
export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(storedHash, secret);
  } catch {
    return false;
  }
}

/** A new random token, URL-safe, 256 bits. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Compares two hex digests without leaking where they differ. */
export function sameDigest(leftHex: string, rightHex: string): boolean {
  const left = Buffer.from(leftHex, "hex");
  const right = Buffer.from(rightHex, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
