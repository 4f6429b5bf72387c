// Reads one secret line (PIN, password) from standard input, so it never appears in argv or history.
import { PrintvaktError } from "../../core/errors.js";

export async function readSecretLine(what: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if ((stdin as { isTTY?: boolean }).isTTY) process.stderr.write(`${what}: `);
  let buffered = "";
  for await (const chunk of stdin) {
    buffered += chunk.toString();
    const newline = buffered.indexOf("\n");
    if (newline >= 0) {
      buffered = buffered.slice(0, newline);
      break;
    }
    if (buffered.length > 4096) break;
  }
  const secret = buffered.replace(/\r$/, "");
  if (secret === "") throw new PrintvaktError("bad-request", `no ${what} given on standard input`);
  return secret;
}
