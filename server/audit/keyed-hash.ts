// A keyed hash for personal values the audit must link but not reveal: card numbers, document titles.
import { createHmac } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";

/** 128 bits: far beyond any chance collision between two cards or titles, and short enough to read in an export. */
const HASH_HEX_CHARS = 32;
const MIN_SECRET_BYTES = 16;

/**
 * HMAC-SHA256(secret, value), as the first 32 hex characters. The same value gives the same hash
 * under the same secret, so an investigator can ask "was this card used elsewhere?" by hashing
 * the card they hold; without the secret the small space of card numbers cannot be searched.
 * The value is NFC-normalized first, so one title typed on macOS (which sends NFD) and on Windows
 * links up. The secret belongs in configuration, never in the audit or the database.
 */
export function keyedHash(secret: string | Uint8Array, value: string): string {
  const secretBytes = typeof secret === "string" ? Buffer.from(secret, "utf8") : secret;
  if (secretBytes.length < MIN_SECRET_BYTES) {
    throw new PrintvaktError("bad-config", `the audit hashing secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return createHmac("sha256", secretBytes).update(value.normalize("NFC"), "utf8").digest("hex").slice(0, HASH_HEX_CHARS);
}
