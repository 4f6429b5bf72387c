// Runs retention in the server: a pass at start-up, before the server listens, for jobs that
// expired while it was down (and emptying the write-ahead log); then, every PRINTVAKT_RETENTION_TICK, the tasks in TASKS.
import type { Server } from "node:http";
import type { AppContext } from "../app-context.js";
import { checkpointIfDue, type SigningKey } from "../audit/checkpointer.js";
import { loadOrCreateCheckpointKey } from "../audit/checkpoint-key.js";
import { appendToWitnesses } from "../audit/witness.js";
import type { Logger } from "../logger.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { DUPLICATE_WINDOW_MS } from "../jobs/repeated-submission.js";
import { forgetDocumentDigests } from "../store/jobs.js";
import { scrubWriteAheadLog, truncateWriteAheadLog } from "../store/sqlite-maintenance.js";
import { sweepOrphanedSpoolFiles } from "./orphan-sweep.js";
import { purgeExpiredJobs } from "./purge-expired-jobs.js";

export interface RetentionParts {
  context: AppContext;
  spool: SpoolStore;
  logger: Logger;
  /** Retention stops when this server closes. */
  server: Server;
}

interface TaskInput extends RetentionParts {
  checkpointKey: SigningKey;
  shouldStop(): boolean;
}

/**
 * A spool file must be this old before the periodic sweep may remove it: a document that was just
 * written is briefly without its job row (between the file's rename and the job's commit).
 */
const ORPHAN_MIN_AGE_MS = 15 * 60_000;

/**
 * How often the sweep runs. It compares every spool file with the database a page at a time (no
 * stretch of it holds the event loop more than a few ms), but with 100,000 held jobs that is still
 * about a second of CPU (bench/retention-tick.ts), so not every tick: a file it finds is unreadable
 * already (its key is gone), only not yet unlinked.
 */
const ORPHAN_SWEEP_INTERVAL_MS = 15 * 60_000;
let lastOrphanSweep = 0;

/** What each tick does, in order. Each task's failure is logged and does not stop the others. */
const TASKS: { name: string; run(input: TaskInput): Promise<void> }[] = [
  {
    name: "purge expired jobs",
    async run({ context, spool, logger, shouldStop }) {
      // purgeExpiredJobs empties the write-ahead log after its batch.
      // Stored first, so a crash loses at most one tick of held time (and only ever holds longer).
      await context.heldTime.save(context.db);
      await context.db.write((tx) => forgetDocumentDigests(tx, new Date(Date.now() - DUPLICATE_WINDOW_MS)));
      const purged = await purgeExpiredJobs({ db: context.db, spool, heldTime: context.heldTime, logger }, new Date(), shouldStop);
      if (purged === 0) return;
      logger.info({ jobs: purged }, "purged expired jobs");
    },
  },
  {
    // After the purge, which frees room: on a disk that was full the reserve is set aside again
    // once there is space above the floor for it.
    name: "set aside the disk reserve",
    async run({ context }) {
      await context.disk.ensureReserve();
    },
  },
  {
    // Finishes purges whose file removal failed; the start-up sweep in main.ts covers crashes.
    name: "remove orphaned spool files",
    async run({ context, spool, logger }) {
      if (Date.now() - lastOrphanSweep < ORPHAN_SWEEP_INTERVAL_MS) return;
      lastOrphanSweep = Date.now();
      const removed = await sweepOrphanedSpoolFiles(context, spool, ORPHAN_MIN_AGE_MS);
      if (removed.length > 0) logger.info({ files: removed.length }, "removed orphaned spool files");
    },
  },
  {
    // Every destruction empties the log as it finishes; this catches one whose checkpoint busy
    // readers postponed, and a destruction that the process did not live to scrub.
    name: "empty the write-ahead log",
    async run({ context }) {
      await truncateWriteAheadLog(context.db);
    },
  },
  {
    name: "audit checkpoint",
    async run({ context, logger, checkpointKey }) {
      const checkpoint = await checkpointIfDue(context.db, checkpointKey, context.config.auditCheckpointIntervalMs);
      if (checkpoint === null) return;
      // The whole checkpoint, so that the journal (stdout under systemd) holds evidence outside the database.
      logger.info({ seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at.toISOString(), keyId: checkpoint.keyId, signature: checkpoint.signature }, "signed audit checkpoint");
      await appendToWitnesses(context.db, context.config.auditWitnessFiles ?? [], checkpoint);
    },
  },
];

/**
 * Loads (or creates, 0600) the checkpoint key, purges what expired while the server was down, then
 * schedules the ticks. Await it before the server listens: jobs past their hold time must be gone
 * before anyone can ask for them.
 */
export async function startRetention(parts: RetentionParts): Promise<void> {
  const { context, logger, server } = parts;
  const checkpointKey = await loadOrCreateCheckpointKey(context.config.auditKeyFile);
  let stopped = false;
  const input: TaskInput = { ...parts, checkpointKey, shouldStop: () => stopped };
  await context.db.write((tx) => forgetDocumentDigests(tx, new Date(Date.now() - DUPLICATE_WINDOW_MS)));
  const purged = await purgeExpiredJobs({ db: context.db, spool: parts.spool, heldTime: context.heldTime, logger }, new Date());
  if (purged > 0) logger.info({ jobs: purged }, "purged jobs that expired while the server was stopped");
  // Whatever happened, empty the write-ahead log before listening: a crash between a destruction's
  // commit and its checkpoint left the old key and title there (and, unscrubbed, in the database
  // file's old page), and a server that crashes sooner than one tick would never scrub them.
  if (!(await scrubWriteAheadLog(context.db))) logger.warn("write-ahead log still in use at start-up; the retention tick empties it");
  await context.disk.ensureReserve();

  let running = false;
  const tick = async () => {
    // A slow tick (a large backlog) is not stacked on by the next one.
    if (running || stopped) return;
    running = true;
    for (const task of TASKS) {
      if (stopped) break;
      try {
        await task.run(input);
      } catch (error) {
        // Message only: errors here concern ids and files, and must not carry anything personal.
        logger.error({ task: task.name, err: error instanceof Error ? error.message : String(error) }, "retention task failed");
      }
    }
    running = false;
  };
  const timer = setInterval(() => void tick(), context.config.retentionTickMs);
  timer.unref();
  server.once("close", () => {
    stopped = true;
    clearInterval(timer);
  });
}
