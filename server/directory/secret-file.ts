// Reads a secret from a file that only its owner can read: a group- or world-readable file is refused.
import { readFile, stat } from "node:fs/promises";
import { PrintvaktError } from "../../core/errors.js";

/** The file's content without the trailing newline; the variable names the setting in the error. */
export async function readSecretFile(file: string, variable: string): Promise<string> {
  const info = await stat(file).catch((error: Error) => {
    throw new PrintvaktError("bad-config", `${variable}: ${file} cannot be read: ${error.message}`);
  });
  // Anyone else who can read it can bind as the service account and read the whole directory.
  if ((info.mode & 0o077) !== 0) {
    throw new PrintvaktError("bad-config", `${variable}: ${file} is readable by others (mode ${(info.mode & 0o777).toString(8)}): chmod 600 it`);
  }
  const secret = (await readFile(file, "utf8")).replace(/\r?\n$/, "");
  if (secret === "") throw new PrintvaktError("bad-config", `${variable}: ${file} is empty`);
  return secret;
}
