// Hashing and comparing secrets: argon2id for things people choose (PINs, passwords), SHA-256 for
// long random tokens (a kiosk token has 256 bits of entropy, so a fast hash loses nothing).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { secretCheckGate } from "./secret-check-gate.js";

// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): ~100 ms here, memory-hard against GPUs.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes wait for a slot of the argon2 gate but are never refused: they follow accepted input. */
export function hashSecret(secret: string): Promise<string> {
  return secretCheckGate.run(() => hash(secret, ARGON2_OPTIONS), { refuseWhenFull: false });
}

/**
 * Constant-time inside argon2's verify; a malformed stored hash simply does not match. Runs in a
 * slot of the argon2 gate, and throws "too-many" when the gate's line is full.
 */
export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  return secretCheckGate.run(async () => {
    try {
      return await verify(storedHash, secret);
    } catch {
      return false;
    }
  }, { refuseWhenFull: true });
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
