// A data directory, app context and spool store of its own for each test of a file (beforeEach),
// closed and removed after it: the setup the store's and the server's unit tests share.
import { readdir, readlink, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect } from "vitest";
import { openAppContext, type AppContext } from "../../server/app-context.js";
import { loadConfig } from "../../server/config.js";
import { SpoolStore } from "../../server/spool/spool-store.js";

export interface FreshContext {
  dataDir: string;
  context: AppContext;
  /**
   * The context's spool directory, opened for the test and closed after it: a store left open
   * keeps its directory handle until the garbage collector closes it, and Node warns ("Closing
   * file descriptor on garbage collection").
   */
  spool: SpoolStore;
}

/** Registers the hooks; `receive` is handed each test's directory and context before the test runs. */
export function useFreshContext(prefix: string, receive: (fresh: FreshContext) => unknown): void {
  let current: FreshContext | undefined;
  beforeEach(async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), `printvakt-${prefix}-`));
    const context = await openAppContext(loadConfig({ PRINTVAKT_DATA_DIR: dataDir }));
    current = { dataDir, context, spool: await SpoolStore.open(context.spoolDir) };
    await receive(current);
  });
  afterEach(async () => {
    if (current === undefined) return;
    const { dataDir, context, spool } = current;
    current = undefined;
    await spool.close();
    await context.close();
    // Only the spool's: SQLite may keep a closed connection's descriptor until its statements are
    // collected, which says nothing about the test.
    const left = await descriptorsInto(context.spoolDir);
    await rm(dataDir, { recursive: true, force: true });
    expect(left, "spool files or directories this process still holds open after the test").toEqual([]);
  });
}

/** What this process's open file descriptors name inside `directory` (the directory itself included). */
async function descriptorsInto(directory: string): Promise<string[]> {
  const names: string[] = [];
  for (const fd of await readdir("/proc/self/fd").catch(() => [])) {
    const target = await readlink(path.join("/proc/self/fd", fd)).catch(() => "");
    if (target === directory || target.startsWith(directory + path.sep)) names.push(target);
  }
  return names;
}
