// Reads the kiosk token from --token or --token-file, refusing files other users could read.
import { open } from "node:fs/promises";
import { PrintvaktError } from "../../core/errors.js";

/*
 * Why a file: argv is visible to every user on the host (`ps`, /proc/PID/cmdline), and shell
 * history keeps it. A file readable only by the agent's user, or a systemd credential
 * (LoadCredential=, mode 0400 on a private mount), keeps the token off the process list.
 * The file is read again before every connection attempt, so a renewed token is picked up
 * without a restart; the permission check runs every time too.
 */

/** The server accepts 16-256 characters; ours are 43 (base64url of 32 bytes). */
export function validToken(token: string, source: string): string {
  if (token.length < 16 || token.length > 256 || !/^[\x21-\x7e]+$/.test(token)) {
    // Never echo the token, even a wrong one: it may be a real token with a typo.
    throw new PrintvaktError("bad-request", `${source} does not hold a kiosk token (16-256 printable characters, as printed by \`printvakt kiosk add\`)`);
  }
  return token;
}

/** Largest token file accepted: one token and a newline, with room to spare. */
const largestTokenFile = 4096;

export async function readTokenFile(file: string): Promise<string> {
  const source = `--token-file ${file}`;
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    throw new PrintvaktError("bad-request", `${source} cannot be opened: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new PrintvaktError("bad-request", `${source} is not a regular file`);
    if ((info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, "0");
      throw new PrintvaktError("bad-request", `${source} has mode ${mode}: group and others must have no access to a token file (chmod 600 ${file})`);
    }
    if (info.size > largestTokenFile) throw new PrintvaktError("bad-request", `${source} is larger than ${largestTokenFile} bytes; it should hold only the token`);
    const lines = (await handle.readFile("utf8")).split(/\r?\n/).filter((line) => line.trim() !== "");
    if (lines.length !== 1) throw new PrintvaktError("bad-request", `${source} must hold exactly one line, the token`);
    return validToken(lines[0]!.trim(), source);
  } finally {
    await handle.close();
  }
}
