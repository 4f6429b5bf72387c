// A migrated database file in a folder of its own, opened once or more for a whole test file
// (beforeAll), closed and removed after it: the setup the store's database tests share.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Database } from "../../server/store/database.js";
import { migrateDatabase } from "../../server/store/migrate.js";

export interface MigratedDatabase {
  /** The file's `file:` URL, for what opens it another way (a lock holder, a second process). */
  url: string;
  /** Handles with connections of their own, as the server and the admin CLI would have. */
  handles: Database[];
}

/** Registers the hooks; `receive` is handed the URL and `handleCount` open handles before the tests run. */
export function useMigratedDatabase(prefix: string, receive: (opened: MigratedDatabase) => unknown, handleCount = 1): void {
  let folder: string | undefined;
  let handles: Database[] = [];
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), `printvakt-${prefix}-`));
    const url = `file:${path.join(folder, `${prefix}.db`)}`;
    await migrateDatabase(url);
    handles = await Promise.all(Array.from({ length: handleCount }, () => openDatabase(url)));
    await receive({ url, handles });
  });
  afterAll(async () => {
    await Promise.all(handles.map((handle) => handle.close()));
    handles = [];
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });
}
