// What making a document durable costs on this disk, whoever does it: the syncs Printvakt must wait
// for before it answers a submission, timed without Printvakt around them.
//
// cupsd waits for none of them: it writes a spool document and answers (its SyncOnClose setting
// syncs only configuration files, scheduler/file.c). So "cupsd's time + this floor" is what a cupsd
// that kept Printvakt's promise would take, and the ingest benchmark prints Printvakt against both.
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { syncDirectory } from "../server/spool/file-system.js";
import { patternBlock } from "../test/support/generated-document.js";

const WRITE_BYTES = 1024 * 1024;
/** About what one held job's COMMIT appends to SQLite's write-ahead log (pages of the job, audit and index rows). */
const LOG_APPEND_BYTES = 16 * 1024;

/**
 * Writes `bytes` into a new file in `directory` (untimed: cupsd writes too), then times the syncs:
 * the file's fsync, its rename and the directory's fsync, and an append to a log file with
 * fdatasync standing for the database's COMMIT. Returns seconds.
 */
export async function durabilityFloorSeconds(directory: string, bytes: number): Promise<number> {
  const block = patternBlock();
  const piece = Buffer.alloc(WRITE_BYTES);
  for (let offset = 0; offset < WRITE_BYTES; offset += block.length) block.copy(piece, offset);
  const partial = path.join(directory, "floor.part");
  const complete = path.join(directory, "floor.done");
  const file = await open(partial, "w", 0o600);
  const log = await open(path.join(directory, "floor.log"), "a", 0o600);
  try {
    for (let written = 0; written < bytes; written += WRITE_BYTES) await file.write(piece, 0, Math.min(WRITE_BYTES, bytes - written));
    const start = performance.now();
    await file.sync();
    await file.close();
    await rename(partial, complete);
    await syncDirectory(directory);
    await log.write(piece, 0, LOG_APPEND_BYTES);
    await log.datasync();
    return (performance.now() - start) / 1000;
  } finally {
    await file.close().catch(() => undefined);
    await log.close();
    await Promise.all([rm(partial, { force: true }), rm(complete, { force: true })]);
  }
}
