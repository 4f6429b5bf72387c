// Signed checkpoints: an Ed25519 signature over "the log had this hash at this seq", for auditors.
//
// The chain alone shows that entries were not changed in place, but whoever can write the
// database could rewrite the whole chain from an edited entry onwards, or cut its tail. A
// checkpoint signed with a key kept outside the database pins the log as it was: later rewrites or
// truncations no longer match it. Against someone who also holds the key file, only checkpoints
// already copied out of the server (to auditors, to another system) still help.
//
// Signed bytes: "printvakt-audit-checkpoint-v1\n" || canonical JSON of {at, hash, keyId, seq},
// with `at` as in canonical.ts. The signature is base64 of the 64-byte Ed25519 signature.
import { sign, verify, type KeyObject } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";
import { canonicalJson, isoMillis } from "./canonical.js";
import { isHash } from "./chain.js";
import { keyIdOf, toPublicKey, type CheckpointPublicKey } from "./public-key.js";

export { loadOrCreateCheckpointKey, type CheckpointKey } from "./checkpoint-key.js";
export { keyIdOf, publicKeyPem, toPublicKey, type CheckpointPublicKey } from "./public-key.js";

export interface Checkpoint {
  /** The seq of the entry the checkpoint vouches for. */
  seq: number;
  /** That entry's hash. */
  hash: string;
  /** When the checkpoint was signed. */
  at: Date;
  /** Base64 Ed25519 signature. */
  signature: string;
  /** Which key signed it (see keyIdOf). */
  keyId: string;
}

const CHECKPOINT_PREFIX = "printvakt-audit-checkpoint-v1\n";
const SIGNATURE_BYTES = 64;

/** Signs "the entry at head.seq has head.hash" with the given key. */
export function signCheckpoint(key: { privateKey: KeyObject; keyId: string }, head: { seq: number; hash: string }, at: Date): Checkpoint {
  if (!Number.isSafeInteger(head.seq) || head.seq < 1 || !isHash(head.hash)) {
    throw new PrintvaktError("internal", "a checkpoint needs a positive seq and a hex hash");
  }
  if (key.privateKey.type !== "private" || key.privateKey.asymmetricKeyType !== "ed25519") {
    throw new PrintvaktError("internal", "checkpoints are signed with an Ed25519 private key");
  }
  const unsigned = { seq: head.seq, hash: head.hash, at: new Date(at.getTime()), keyId: key.keyId };
  const signature = sign(null, signedBytes(unsigned), key.privateKey).toString("base64");
  return { ...unsigned, signature };
}

/** True when the checkpoint was signed by this key and no field was changed since. Never throws on a bad checkpoint. */
export function verifyCheckpoint(checkpoint: Checkpoint, publicKey: CheckpointPublicKey): boolean {
  const key = toPublicKey(publicKey);
  if (checkpoint.keyId !== keyIdOf(key)) return false;
  if (!Number.isSafeInteger(checkpoint.seq) || checkpoint.seq < 1 || !isHash(checkpoint.hash)) return false;
  if (typeof checkpoint.signature !== "string") return false;
  const signature = Buffer.from(checkpoint.signature, "base64");
  // Buffer.from skips characters that are not base64, so compare the round trip to be strict.
  if (signature.length !== SIGNATURE_BYTES || signature.toString("base64") !== checkpoint.signature) return false;
  let message: Buffer;
  try {
    message = signedBytes(checkpoint);
  } catch {
    return false; // an unencodable `at` was not produced by signCheckpoint
  }
  return verify(null, message, key, signature);
}

function signedBytes(checkpoint: { seq: number; hash: string; at: Date; keyId: string }): Buffer {
  const body = canonicalJson({ seq: checkpoint.seq, hash: checkpoint.hash, at: isoMillis(checkpoint.at), keyId: checkpoint.keyId });
  return Buffer.from(CHECKPOINT_PREFIX + body, "utf8");
}
