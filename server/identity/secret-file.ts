// Reads a secret (a client secret, a bind password) from a file that only its owner may read.
// A file others can read is refused rather than repaired: the secret may already have leaked, and
// the operator should know. The secret itself never appears in an error message.
import { open } from "node:fs/promises";
import { PrintvaktError } from "../../core/errors.js";

/** Longest secret accepted; anything bigger is the wrong file. */
const MAX_SECRET_BYTES = 4096;

/** The file's content without its trailing newline. `variable` names the setting in every error. */
export async function readSecretFile(file: string, variable: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    throw new PrintvaktError("bad-config", `${variable}: cannot open ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new PrintvaktError("bad-config", `${variable}: ${file} is not a regular file`);
    // Windows has no POSIX permission bits (Node reports 0o666 for every file), so the check would refuse every file there.
    if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
      throw new PrintvaktError("bad-config", `${variable}: ${file} must not be accessible by group or others (mode ${(stat.mode & 0o777).toString(8)}, want 600)`);
    }
    if (stat.size > MAX_SECRET_BYTES) throw new PrintvaktError("bad-config", `${variable}: ${file} is larger than ${MAX_SECRET_BYTES} bytes`);
    const secret = (await handle.readFile("utf8")).replace(/\r?\n$/, "");
    if (secret.length === 0) throw new PrintvaktError("bad-config", `${variable}: ${file} is empty`);
    return secret;
  } finally {
    await handle.close();
  }
}
