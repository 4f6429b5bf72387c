// A data directory and app context of its own for each test of a file (beforeEach), closed and
// removed after it: the setup the store's and the server's unit tests share.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { openAppContext, type AppContext } from "../../server/app-context.js";
import { loadConfig } from "../../server/config.js";

export interface FreshContext {
  dataDir: string;
  context: AppContext;
}

/** Registers the hooks; `receive` is handed each test's directory and context before the test runs. */
export function useFreshContext(prefix: string, receive: (fresh: FreshContext) => unknown): void {
  let current: FreshContext | undefined;
  beforeEach(async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), `printvakt-${prefix}-`));
    current = { dataDir, context: await openAppContext(loadConfig({ PRINTVAKT_DATA_DIR: dataDir })) };
    await receive(current);
  });
  afterEach(async () => {
    if (current === undefined) return;
    const { dataDir, context } = current;
    current = undefined;
    await context.close();
    await rm(dataDir, { recursive: true, force: true });
  });
}
