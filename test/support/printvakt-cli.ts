// Runs the built `printvakt` command as an operator would, against a given data directory.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const printvaktBin = path.join(projectRoot, "bin", "printvakt.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runPrintvakt(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // The bin itself, not `node bin`: its shebang carries node's flags, as an operator's command does.
    const child = spawn(printvaktBin, args, {
      env: { ...process.env, PRINTVAKT_LOG_LEVEL: "warn", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
