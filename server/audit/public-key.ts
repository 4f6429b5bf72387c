// The checkpoint public key: parsing it, naming it (keyId) and exporting it as PEM for auditors.
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";

/** A public key as a KeyObject or as the SPKI PEM text auditors are given. */
export type CheckpointPublicKey = KeyObject | string;

/** First 16 hex characters of SHA-256 over the public key's SPKI DER: names the key without a registry. */
export function keyIdOf(publicKey: CheckpointPublicKey): string {
  const der = toPublicKey(publicKey).export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").slice(0, 16);
}

/**
 * SHA-256 over the public key's SPKI DER, in full: what an auditor compares with their pinned copy
 * (`openssl pkey -pubin -in key.pem -outform DER | sha256sum`). keyIdOf is its first 16 characters.
 */
export function fingerprintOf(publicKey: CheckpointPublicKey): string {
  return createHash("sha256").update(toPublicKey(publicKey).export({ type: "spki", format: "der" })).digest("hex");
}

/** The public key as SPKI PEM, the form to hand to auditors for `audit verify` elsewhere. */
export function publicKeyPem(publicKey: CheckpointPublicKey): string {
  return toPublicKey(publicKey).export({ type: "spki", format: "pem" }).toString();
}

/** Parses a PEM or checks a KeyObject; a private key yields its public half. Refuses keys that are not Ed25519. */
export function toPublicKey(publicKey: CheckpointPublicKey): KeyObject {
  let key: KeyObject;
  try {
    key = typeof publicKey === "string" || publicKey.type !== "public" ? createPublicKey(publicKey) : publicKey;
  } catch (error) {
    throw new PrintvaktError("bad-config", "the checkpoint public key is not a valid public key", { cause: error });
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new PrintvaktError("bad-config", `the checkpoint public key must be Ed25519, not ${key.asymmetricKeyType}`);
  }
  return key;
}
