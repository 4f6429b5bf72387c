// Removes spool files whose job no longer has a key: left by a crash, or by a purge whose unlink failed.
import type { AppContext } from "../app-context.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { liveSpoolIdsAmong } from "../store/jobs.js";

/**
 * The start's sweep, before the server listens: which files to keep was read in the comparison just
 * before (missing-documents.ts), so it is not asked of the database again, a page at a time (2.4 s
 * with 100,000 held jobs). Nothing gives a job a key before the server listens; a key destroyed
 * meanwhile (a CLI command) only keeps its file until the next retention tick.
 */
export function sweepOrphansKnownAtStart(spool: SpoolStore, keyedSpoolIds: ReadonlySet<string>): Promise<string[]> {
  return spool.removeOrphans(async (spoolIds) => new Set(spoolIds.filter((spoolId) => keyedSpoolIds.has(spoolId))));
}

/** Returns the removed file names. `minAgeMs`: files younger than this are left alone (see RemoveOrphansOptions). */
export async function sweepOrphanedSpoolFiles(context: AppContext, spool: SpoolStore, minAgeMs = 0): Promise<string[]> {
  return spool.removeOrphans((spoolIds) => liveSpoolIdsAmong(context.db, spoolIds), { minAgeMs });
}
