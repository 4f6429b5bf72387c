// Builds test/support/failing-wal-sync.c, the LD_PRELOAD library of a disk whose fsync of SQLite's write-ahead log fails.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "./processes.js";
import { requireTool } from "./tools.js";

const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), "failing-wal-sync.c");

/**
 * The library's path, the environment that arms it once `flag` exists (start the server with it),
 * and `remove`, which deletes the library's folder. `once`: only the first fsync fails and the disk
 * works again after (a transient error).
 */
export async function buildFailingWalSync(flag: string, options: { once?: boolean } = {}): Promise<{ library: string; env: Record<string, string>; remove(): Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), "printvakt-failing-wal-"));
  const library = path.join(directory, "failing-wal-sync.so");
  const built = await runCommand(requireTool("gcc"), ["-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o", library, SOURCE, "-ldl"]);
  if (built.exitCode !== 0) throw new Error(`gcc could not build ${SOURCE}: ${built.stderr}`);
  const env = { LD_PRELOAD: library, FAILING_WAL_FLAG: flag, ...(options.once ? { FAILING_WAL_ONCE: "1" } : {}) };
  return { library, env, remove: () => rm(directory, { recursive: true, force: true }) };
}
