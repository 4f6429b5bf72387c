// Free space in the data directory, and a reserve set aside for when the disk fills anyway
// (reliability review D6: on a full disk nobody could release, delete, purge, verify or restart).
//
// Two lines of defence. New documents stop at a floor of free space (PRINTVAKT_MIN_FREE_SPACE), so
// Printvakt never fills the disk itself. Other programs on the same file system can, so while there
// is room a reserve file (PRINTVAKT_DISK_RESERVE) holds space back; when a database write fails
// for want of space, or a start finds the disk nearly full, the reserve is deleted and the write
// goes through. What runs then is what frees space (release, delete, purge) and what records it; the
// reserve is set aside again once free space is back above the floor plus the reserve.
import { open, rename, stat, statfs, unlink } from "node:fs/promises";
import path from "node:path";
import { PrintvaktError } from "../../core/errors.js";
import type { Logger } from "../logger.js";

export const RESERVE_FILE = "disk-reserve";
/** The reserve is written in pieces of this size (tmpfs and some file systems have no fallocate). */
const WRITE_PIECE = 1 << 20;
/**
 * Room that opening the database needs outside the writes that are retried after giving the
 * reserve back: its WAL index (-shm, 32 KiB), a checkpoint, with a wide margin.
 */
const OPENING_ROOM = 1 << 20;

export interface DiskSpaceSettings {
  dataDir: string;
  /** Free bytes under which new documents are refused. */
  minFreeBytes: number;
  /** Bytes set aside in the reserve file; 0 for none. */
  reserveBytes: number;
}

export class DiskSpace {
  readonly #reserveFile: string;
  #logger: Pick<Logger, "warn" | "info"> | undefined;
  #givenBackUnreported = false;
  #ensuring: Promise<boolean> | undefined;

  constructor(private readonly settings: DiskSpaceSettings) {
    this.#reserveFile = path.join(settings.dataDir, RESERVE_FILE);
  }

  /** Where giving back and setting aside the reserve are logged (the server's logger, once it has one). */
  reportTo(logger: Pick<Logger, "warn" | "info">): void {
    this.#logger = logger;
    // Given back before there was a logger: at start, on a full disk.
    if (this.#givenBackUnreported) this.#reportGivenBack(logger);
    this.#givenBackUnreported = false;
  }

  /** Bytes an unprivileged writer may still use on the data directory's file system. */
  async freeBytes(): Promise<number> {
    const stats = await statfs(this.settings.dataDir);
    return Number(stats.bavail) * Number(stats.bsize);
  }

  /**
   * Free bytes as new documents may see them: space the reserve should hold but does not (it was
   * given back) is not free for documents, or intake would eat what release needs.
   */
  async freeForDocuments(): Promise<number> {
    // Both asked at once: every Print-Job asks twice, and one round trip to the thread pool is less wait than two.
    const [reserveSize, free] = await Promise.all([this.settings.reserveBytes > 0 ? this.#reserveSize() : Promise.resolve(1), this.freeBytes()]);
    return free - (reserveSize === 0 ? this.settings.reserveBytes : 0);
  }

  /** Throws "no-space" (IPP server-error-busy) when a new document would take the disk under its floor. */
  async assertRoomForDocuments(): Promise<void> {
    const free = await this.freeForDocuments();
    if (free < this.settings.minFreeBytes) {
      throw new PrintvaktError("no-space", `free disk space ${free} bytes is under the floor of ${this.settings.minFreeBytes}`, {
        userMessage: "The server is short of disk space; try again later",
      });
    }
  }

  /** True when free space is under the floor (after a write failed: was it for want of space?). */
  async isShort(): Promise<boolean> {
    return (await this.freeBytes()) < this.settings.minFreeBytes;
  }

  /**
   * Gives the reserve back when the disk is short. True when space was freed, so the caller may
   * retry what failed; false when there was no reserve or the disk is not short.
   */
  async releaseIfShort(): Promise<boolean> {
    return (await this.isShort()) && this.#giveBack();
  }

  /**
   * Before the database is opened (server start, every CLI command): gives the reserve back only
   * when the disk is nearly full, too full to open the database at all. A disk that is merely
   * under the floor keeps its reserve for when it fills up; a write that fails for want of space
   * gives it back then (releaseIfShort).
   */
  async releaseIfNearlyFull(): Promise<boolean> {
    return (await this.freeBytes()) < OPENING_ROOM && this.#giveBack();
  }

  async #giveBack(): Promise<boolean> {
    try {
      await unlink(this.#reserveFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
    if (this.#logger) this.#reportGivenBack(this.#logger);
    else this.#givenBackUnreported = true;
    return true;
  }

  #reportGivenBack(logger: Pick<Logger, "warn">): void {
    logger.warn({ reserveBytes: this.settings.reserveBytes }, "the disk is full: gave back the disk reserve so release, purge and the audit can go on");
  }

  /**
   * Sets the reserve aside when it is missing (or short) and there is room for it above the floor.
   * Written under a temporary name and renamed, so a crash never leaves a partial reserve counted
   * as whole.
   */
  ensureReserve(): Promise<boolean> {
    // One at a time: the start, the retention tick and a purge can all ask at once, and two writers
    // of the same .part file left a reserve of the wrong size (seen in test/e2e/disk-full.test.ts).
    this.#ensuring ??= this.#setAside().finally(() => {
      this.#ensuring = undefined;
    });
    return this.#ensuring;
  }

  async #setAside(): Promise<boolean> {
    const wanted = this.settings.reserveBytes;
    if (wanted === 0 || (await this.#reserveSize()) >= wanted) return false;
    if ((await this.freeBytes()) < this.settings.minFreeBytes + wanted) return false;
    const temporary = `${this.#reserveFile}.part`;
    const file = await open(temporary, "w", 0o600);
    try {
      const piece = Buffer.alloc(Math.min(WRITE_PIECE, wanted));
      for (let written = 0; written < wanted; written += piece.length) await file.write(piece, 0, Math.min(piece.length, wanted - written));
      await file.sync();
    } catch (error) {
      await file.close();
      await unlink(temporary).catch(() => undefined);
      // Another program took the room meanwhile: no reserve this time, the next tick tries again.
      if ((error as NodeJS.ErrnoException).code === "ENOSPC") return false;
      throw error;
    }
    await file.close();
    await rename(temporary, this.#reserveFile);
    this.#logger?.info({ reserveBytes: wanted }, "set aside the disk reserve");
    return true;
  }

  async #reserveSize(): Promise<number> {
    try {
      return (await stat(this.#reserveFile)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw error;
    }
  }
}
