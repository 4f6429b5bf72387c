// Another process takes SQLite's write lock and keeps it, the way an admin CLI command or a backup
// tool would (reliability review D7).
import { spawn } from "node:child_process";

/** Resolves once the lock is held; `released` resolves once it is let go after `holdMs`. */
export async function holdWriteLock(url: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const script = `
    const { createClient } = await import("@libsql/client");
    const client = createClient({ url: process.argv[1], timeout: 5000 });
    const tx = await client.transaction("write");
    await tx.execute("DELETE FROM \\"_prisma_migrations\\" WHERE 0");
    process.stdout.write("held\\n");
    setTimeout(async () => { await tx.commit(); client.close(); }, Number(process.argv[2]));
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, url, String(holdMs)], { stdio: ["ignore", "pipe", "inherit"] });
  const released = new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited ${code}`)))));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("held") && resolve());
    child.on("exit", (code) => reject(new Error(`lock holder exited ${code} before holding the lock`)));
  });
  return { released };
}
