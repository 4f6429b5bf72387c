// Start-up reconciliation, the other half of the orphan sweep: a live job whose spool file is gone
// can never print, so it is destroyed and audited (job.purged, reason "document-missing") instead
// of staying held for a release that would fail at the printer.
//
// How a job loses its document: a COMMIT whose fsync failed was reported as failed while its
// frames were already in SQLite's write-ahead log, and the job came back at the next start after
// its file had been removed (now it is kept then: server/store/commit-outcome.ts);
// or a file deleted by hand, or a database restored beside a newer spool directory. A crash leaves
// at most one (the job of the COMMIT whose outcome was unknown), and every start reconciles, so
// more than MISSING_WITHOUT_CONSENT, or any while the spool directory holds no document at all (a
// file system not mounted: app-context.ts makes the empty mount point), more likely means the wrong
// spool directory than lost documents. Then the start is refused unless the operator gives up
// exactly that many jobs with ACCEPT_MISSING_SWITCH (review F1): a count, so that a switch left in
// a unit file does not consent to the next, different loss.
//
// The other side, before the orphan sweep deletes anything (review2 M1): complete spool files that
// no job row names (a destroyed job keeps its row, so its leftover file is not counted). A crash
// leaves at most ORPHANS_WITHOUT_CONSENT (uploads whose COMMIT never happened); more mean a database
// older than the spool directory, whose sweep would delete the newer jobs' documents. Refused the
// same way unless the operator gives up exactly that many files with ACCEPT_ORPHANS_SWITCH.
import { destroyJobAndFile, scrubAfterDestruction } from "../jobs/destroy-job.js";
import { EXPIRABLE_STATES } from "../jobs/job-states.js";
import type { Logger } from "../logger.js";
import { startupRefusal } from "../data-dir/startup-refusal.js";
import type { SpoolStore } from "../spool/spool-store.js";
import type { Database } from "../store/database.js";
import { findJob, keyedJobDocumentsAfter, spoolIdsOfAnyJobAmong } from "../store/jobs.js";
import { purgedEntry } from "./purge-expired-jobs.js";

export const DOCUMENT_MISSING = "document-missing";
/** Up to this many jobs without a document are destroyed at start without asking: what a crash leaves (one), with a margin of one. */
export const MISSING_WITHOUT_CONSENT = 2;
/** The switch with which the operator gives up that many jobs whose document is missing: `--accept-missing-documents 14`. */
export const ACCEPT_MISSING_SWITCH = "--accept-missing-documents";
/** Up to this many complete spool files that no job names are swept at start without asking: a crash's uploads whose COMMIT never happened. */
export const ORPHANS_WITHOUT_CONSENT = 2;
/** The switch with which the operator lets the sweep delete that many such files: `--accept-orphan-documents 20`. */
export const ACCEPT_ORPHANS_SWITCH = "--accept-orphan-documents";
/** Live jobs (or spool ids) read from the database at a time. */
const PAGE = 500;

export interface MissingDocumentParts {
  db: Database;
  spool: SpoolStore;
  logger: Logger;
  /** The operator started with ACCEPT_MISSING_SWITCH and this count: destroy the jobs if exactly that many lack their document. */
  acceptedCount?: number;
  /** The operator started with ACCEPT_ORPHANS_SWITCH and this count: let the sweep delete the files if exactly that many belong to no job. */
  acceptedOrphanCount?: number;
}

/** Both sides of the spool directory and the live jobs, compared before anything is deleted. */
export interface SpoolComparison {
  /** Live jobs (ids) whose spool file is not in the directory. */
  missing: number[];
  /** Complete spool files that no live job names: what the orphan sweep would delete. */
  filesWithoutJob: number;
  /** Complete spool files that no job row names, live or destroyed: what only a crashed upload or an older database leaves. */
  filesOfNoJob: number;
  /** Complete spool files in the directory. */
  spoolFiles: number;
  /**
   * The spool ids that jobs with a key name, live or not: the files the start's orphan sweep keeps
   * (the rule of liveSpoolIdsAmong, which the retention tick asks the database page by page).
   */
  keyedSpoolIds: ReadonlySet<string>;
}

/**
 * Compares the spool directory with the live jobs and refuses the start when too many jobs lack
 * their document. Runs before the orphan sweep: a database older than the spool directory (a
 * backup restored beside it) would otherwise have had every newer job's file swept before the
 * start was refused, so that restoring the right database no longer helped (review F2).
 */
export async function assertSpoolMatchesJobs(parts: MissingDocumentParts): Promise<SpoolComparison> {
  const comparison = await compareSpoolWithJobs(parts.db, parts.spool);
  const { missing, filesOfNoJob, spoolFiles } = comparison;
  const emptySpool = missing.length > 0 && spoolFiles === 0;
  const refuseMissing = (missing.length > MISSING_WITHOUT_CONSENT || emptySpool) && parts.acceptedCount !== missing.length;
  const refuseOrphans = filesOfNoJob > ORPHANS_WITHOUT_CONSENT && parts.acceptedOrphanCount !== filesOfNoJob;
  if (!refuseMissing && !refuseOrphans) return comparison;
  const reasons: string[] = [];
  const ways: string[] = [];
  if (refuseMissing) {
    reasons.push(`${missing.length} live job${missing.length === 1 ? " has" : "s have"} no document in the spool directory ${parts.spool.directory}${emptySpool ? ", which holds no document at all (is its file system mounted?)" : ""}`);
    ways.push(`To give exactly those jobs up instead, start once with \`printvakt serve ${ACCEPT_MISSING_SWITCH} ${missing.length}\`: they are destroyed and audited as job.purged (reason ${DOCUMENT_MISSING}).`);
  }
  if (filesOfNoJob > 0) {
    const files = filesOfNoJob === 1 ? "1 complete spool file" : `${filesOfNoJob} complete spool files`;
    const belong = `belong${filesOfNoJob === 1 ? "s" : ""} to no job in the database (a database older than the spool directory?)`;
    reasons.push(refuseMissing ? `${files} there ${belong}` : `the spool directory ${parts.spool.directory} holds ${files} that ${belong}`);
  }
  if (refuseOrphans) {
    ways.push(`If the database is the right one, start once with \`printvakt serve ${ACCEPT_ORPHANS_SWITCH} ${filesOfNoJob}\` to let the start delete exactly those files; otherwise restore the database that goes with this spool directory.`);
  }
  throw startupRefusal(
    `${reasons.join(", and ")}; nothing was deleted`,
    `Check that PRINTVAKT_DATA_DIR names the right directory and that its file system is mounted, then start again. ${ways.join(" ")}`,
  );
}

/**
 * Runs before the server listens (nothing writes a spool file meanwhile) and after interrupted
 * releases were recovered (no job is still "releasing"). Destroys the jobs `comparison` (what
 * assertSpoolMatchesJobs answered before the orphan sweep) found without a document; not compared
 * again: the sweep has since deleted the orphans that comparison allowed, and a spool directory it
 * emptied would be taken for an unmounted one (review2 L1). Returns the ids of the jobs destroyed.
 */
export async function purgeJobsWithoutDocument(parts: MissingDocumentParts, comparison: SpoolComparison): Promise<number[]> {
  const { missing } = comparison;
  const now = new Date();
  const purged: number[] = [];
  for (const id of missing) {
    const job = await findJob(parts.db, id);
    if (job === null || !EXPIRABLE_STATES.includes(job.state)) continue;
    const destruction = { jobId: id, from: [job.state], to: "purged" as const, stateReason: DOCUMENT_MISSING, audit: purgedEntry(job, DOCUMENT_MISSING, now) };
    if (await destroyJobAndFile(parts.db, parts.spool, parts.logger, destruction, { inBatch: true })) purged.push(id);
  }
  if (purged.length > 0) {
    await scrubAfterDestruction(parts.db, parts.logger);
    parts.logger.warn({ jobs: purged, spoolDir: parts.spool.directory }, "destroyed live jobs whose document is missing from the spool directory");
  }
  return purged;
}

async function compareSpoolWithJobs(db: Database, spool: SpoolStore): Promise<SpoolComparison> {
  const files = new Set(await spool.listSpoolIds());
  const withoutLiveJob = new Set(files);
  const keyedSpoolIds = new Set<string>();
  const missing: number[] = [];
  for (let afterId = 0; ; ) {
    const page = await keyedJobDocumentsAfter(db, afterId, PAGE);
    for (const job of page) {
      keyedSpoolIds.add(job.spoolId);
      if (job.live && !withoutLiveJob.delete(job.spoolId)) missing.push(job.id);
    }
    if (page.length < PAGE) break;
    afterId = page.at(-1)!.id;
  }
  return { missing, filesWithoutJob: withoutLiveJob.size, filesOfNoJob: await countFilesOfNoJob(db, [...withoutLiveJob]), spoolFiles: files.size, keyedSpoolIds };
}

/** Of the files no live job names, those that no job row names at all (a destroyed job's leftover is not one). */
async function countFilesOfNoJob(db: Database, spoolIds: string[]): Promise<number> {
  let count = 0;
  for (let start = 0; start < spoolIds.length; start += PAGE) {
    const page = spoolIds.slice(start, start + PAGE);
    const named = await spoolIdsOfAnyJobAmong(db, page);
    count += page.length - named.size;
  }
  return count;
}
