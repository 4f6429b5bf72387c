// Another process holding an exclusive file lock (test/support/lock-then-collect.ts), as a running
// server holds serve.lock: resolves once it holds the lock and has collected its garbage; the
// returned function lets it go and resolves with its exit code.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export async function holdLockInAnotherProcess(file: string): Promise<() => Promise<number | null>> {
  const holder = fileURLToPath(new URL("./lock-then-collect.ts", import.meta.url));
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", holder, file], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("collected") && resolve());
    child.once("exit", (code) => reject(new Error(`the lock holder exited ${code} before collecting`)));
  });
  return () => {
    child.stdin.end();
    return exited;
  };
}
