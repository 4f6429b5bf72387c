// Another process takes SQLite's write lock and keeps it, the way an admin's tool or a backup would
// (reliability review D7). Python's own sqlite3 module: another program with another SQLite library,
// which meets Printvakt only in the file's locks.
import { spawn } from "node:child_process";
import { requireTool } from "./tools.js";

const HOLDER = [
  "import sqlite3, sys, time",
  "connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)",
  "connection.execute('BEGIN IMMEDIATE')",
  "print('held', flush=True)",
  "time.sleep(float(sys.argv[2]))",
  "connection.execute('COMMIT')",
].join("\n");

/** Resolves once the lock is held; `released` resolves once it is let go after `holdMs`. */
export async function holdWriteLock(databaseUrl: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const file = databaseUrl.replace(/^file:/, "").split("?")[0]!;
  const child = spawn(requireTool("python3"), ["-c", HOLDER, file, String(holdMs / 1000)], { stdio: ["ignore", "pipe", "inherit"] });
  const released = new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited ${code}`)))));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("held") && resolve());
    child.on("exit", (code) => reject(new Error(`lock holder exited ${code} before holding the lock`)));
  });
  return { released };
}
