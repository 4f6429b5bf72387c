// Removes spool files whose job no longer has a key: left by a crash, or by a purge whose unlink failed.
import type { AppContext } from "../app-context.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { liveSpoolIdsAmong } from "../store/jobs.js";

/** Returns the removed file names. `minAgeMs`: files younger than this are left alone (see RemoveOrphansOptions). */
export async function sweepOrphanedSpoolFiles(context: AppContext, spool: SpoolStore, minAgeMs = 0): Promise<string[]> {
  return spool.removeOrphans((spoolIds) => liveSpoolIdsAmong(context.db, spoolIds), { minAgeMs });
}
