// Turns a failed CLI action into one line on stderr and a non-zero exit code.
import { toPrintvaktError } from "../../core/errors.js";

export const EXIT_FAILURE = 1;

export function reportError(error: unknown): void {
  const failure = toPrintvaktError(error);
  process.stderr.write(`printvakt: ${failure.code === "internal" ? failure.message : failure.userMessage}\n`);
  process.exitCode = EXIT_FAILURE;
}
