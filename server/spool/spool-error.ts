// Builds the error raised when encrypted spool data or a wrapped key fails to verify.
import { PrintvaktError } from "../../core/errors.js";

/** Why decryption refused: kept in details for logs and tests, never shown to requesters. */
export type IntegrityFailure =
  | "authentication-failed" // a tag did not verify: tampering, wrong key, wrong context or reordering
  | "truncated" // input ended before the final record or inside the header
  | "trailing-data" // bytes follow the final record
  | "malformed" // lengths or magic do not match the format
  | "unsupported-version"
  | "wrong-master-key"; // the wrapped key names a master key that is not the one loaded

/**
 * "internal" because a spool file or key that does not verify is never the requester's fault,
 * and nothing about it may leave the server.
 */
export function integrityError(reason: IntegrityFailure, message: string): PrintvaktError {
  return new PrintvaktError("internal", message, { details: { reason } });
}
