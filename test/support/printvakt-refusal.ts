// Runs `printvakt serve` where it must refuse to start: returns its exit code and stderr, and fails
// the test if it starts listening instead (it is then stopped).
import { spawn } from "node:child_process";
import { serveCommand, type ServeOptions } from "./printvakt-server.js";

export interface Refusal {
  code: number | null;
  /** What the operator reads: the refusal paragraph. */
  stderr: string;
}

const START_LIMIT_MS = 30_000;

export function serveExpectingRefusal(env: Record<string, string>, options: ServeOptions = {}): Promise<Refusal> {
  const [command, args] = serveCommand(options);
  const child = spawn(command, args, {
    env: { ...process.env, PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false", PRINTVAKT_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const fail = (why: string) => {
      child.kill("SIGKILL");
      reject(new Error(`printvakt serve ${why} instead of refusing to start:\n${stdout}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`ran for ${START_LIMIT_MS / 1000} s`), START_LIMIT_MS);
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('"msg":"printvakt listening"')) {
        clearTimeout(timer);
        fail("started listening");
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
