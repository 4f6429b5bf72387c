// The spool directory: writes documents as encrypted files, reads them back decrypted, removes and sweeps them.
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, mkdir, open, opendir, readdir, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { setImmediate } from "node:timers/promises";
import { pipeline } from "node:stream/promises";
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import { createDecryptStream, SpoolEncryptor } from "./chunked-cipher.js";
import { isErrnoCode } from "./file-system.js";
import { assertJobKey } from "./job-key.js";
import { PlaintextMeter } from "./plaintext-meter.js";
import { SpoolFileWriter } from "./spool-file-writer.js";

// 128 random bits as hex: unguessable, unrelated to the job or its title, and safe as a file name.
const SPOOL_ID_PATTERN = /^[0-9a-f]{32}$/;
const COMPLETE_SUFFIX = ".pvs";
const PARTIAL_SUFFIX = ".part";
/** Directory entries the orphan sweep reads, and ids it asks the database about, at a time. */
const ORPHAN_SWEEP_PAGE = 250;

export interface WriteJobOptions {
  jobKey: Buffer;
  /** Largest accepted plaintext; one byte more fails the write with "too-large". */
  maxBytes: number;
  signal?: AbortSignal;
  /** Plaintext bytes per encrypted record; only tests need to change it. */
  chunkSize?: number;
  /** Called with every plaintext chunk as it passes (the document inspector); nothing is kept here. */
  observe?: (chunk: Buffer) => void;
}

export interface WrittenJob {
  spoolId: string;
  plaintextBytes: number;
  /** The first 64 plaintext bytes (fewer for shorter documents), for format sniffing. */
  head: Buffer;
  /** SHA-256 of the plaintext, hex, so a release can be proven byte-identical without keeping plaintext. */
  sha256: string;
}

export interface RemoveOrphansOptions {
  /**
   * Leave files younger than this alone. With a spool shared by several nodes, another node may be
   * writing a .part file, or may have renamed its .pvs file but not yet stored the job.
   */
  minAgeMs?: number;
}

export class SpoolStore {
  readonly directory: string;
  // Writes in flight in this process: the sweep must never delete a file that is being written.
  readonly #writing = new Set<string>();
  /**
   * The directory, open for as long as the store is: each new file's name is synced through it,
   * one fsync per document instead of an open, an fsync and a close (issue 13).
   */
  #directoryHandle: Promise<FileHandle> | undefined;

  private constructor(directory: string) {
    this.directory = directory;
  }

  /** Creates the directory private to this user (0700), or tightens an existing one to that. */
  static async open(directory: string): Promise<SpoolStore> {
    try {
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const info = await stat(directory);
      if (!info.isDirectory()) throw new PrintvaktError("bad-config", `spool path ${directory} is not a directory`);
      if (process.platform !== "win32" && (info.mode & 0o077) !== 0) await chmod(directory, 0o700);
    } catch (error) {
      if (error instanceof PrintvaktError) throw error;
      throw new PrintvaktError("bad-config", `cannot prepare spool directory ${directory}`, { cause: error });
    }
    return new SpoolStore(directory);
  }

  /**
   * Encrypts `source` into a new spool file. The file only gets its final name after the whole
   * document was written and synced; on any failure the partial file is removed. Like
   * stream.pipeline, a failure once streaming has started destroys `source`.
   */
  async writeJob(source: Readable, options: WriteJobOptions): Promise<WrittenJob> {
    assertJobKey(options.jobKey);
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 0) {
      throw new PrintvaktError("internal", `maxBytes must be a non-negative integer, got ${options.maxBytes}`);
    }
    const spoolId = randomBytes(16).toString("hex");
    const partialPath = this.#path(spoolId, PARTIAL_SUFFIX);
    const meter = new PlaintextMeter(options.maxBytes, options.observe);
    this.#writing.add(spoolId);
    let handle: FileHandle | undefined;
    try {
      options.signal?.throwIfAborted();
      handle = await open(partialPath, "wx", 0o600);
      const file = new SpoolFileWriter(handle, meter, new SpoolEncryptor(options.jobKey, { chunkSize: options.chunkSize }));
      await pipeline(source, file, options.signal ? { signal: options.signal } : {});
      // Synced before it is closed and renamed: the rename below only ever names synced data.
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(partialPath, this.#path(spoolId, COMPLETE_SUFFIX));
      await this.#syncDirectory();
      return { spoolId, plaintextBytes: meter.bytes, head: meter.head, sha256: meter.sha256() };
    } catch (error) {
      // Closing twice is harmless; a write still under way is waited for.
      await handle?.close().catch(() => undefined);
      // The id is fresh, so a complete file under it can only be ours, renamed just before a failed directory sync.
      await Promise.all([rm(partialPath, { force: true }), rm(this.#path(spoolId, COMPLETE_SUFFIX), { force: true })]);
      throw writeFailure(error, options.signal);
    } finally {
      this.#writing.delete(spoolId);
    }
  }

  /**
   * A stream of the decrypted document. It emits only verified plaintext and fails with a
   * PrintvaktError on tampering or truncation, so a consumer must treat an error as "abort the
   * print", never as "the document ended".
   */
  openJob(spoolId: string, jobKey: Buffer): Readable {
    assertSpoolId(spoolId);
    assertJobKey(jobKey);
    const file = createReadStream(this.#path(spoolId, COMPLETE_SUFFIX));
    const decrypt = createDecryptStream(jobKey);
    file.on("error", (error) => {
      decrypt.destroy(
        isErrnoCode(error, "ENOENT")
          ? new PrintvaktError("not-found", "spool file does not exist", { details: { spoolId } })
          : toPrintvaktError(error),
      );
    });
    // A consumer that gives up early must not leave the file descriptor open.
    decrypt.on("close", () => file.destroy());
    file.pipe(decrypt);
    return decrypt;
  }

  /**
   * Removes a job's file; a file that is already gone is fine, so retries and sweeps can overlap.
   * Destroy the job's wrapped key in the database first: the key is what makes the ciphertext
   * unreadable (copies in backups and on flash included); removing the file only frees the space.
   */
  async removeJob(spoolId: string): Promise<void> {
    assertSpoolId(spoolId);
    await rm(this.#path(spoolId, COMPLETE_SUFFIX), { force: true });
  }

  async listSpoolIds(): Promise<string[]> {
    const names = await readdir(this.directory);
    return names.flatMap((name) => {
      const entry = parseFileName(name);
      return entry?.complete ? [entry.spoolId] : [];
    }).sort();
  }

  /**
   * Removes partial files left by a crash and complete files whose job `liveAmong` does not name.
   * Files whose names are not spool names are left alone. Returns the removed file names.
   *
   * The directory is read a page at a time and `liveAmong` is asked about one page of ids: with
   * 100,000 held jobs, loading every live id and every name at once blocked the event loop for a
   * second (issue 13). Between pages the loop serves other work.
   */
  async removeOrphans(liveAmong: (spoolIds: string[]) => Promise<ReadonlySet<string>>, options: RemoveOrphansOptions = {}): Promise<string[]> {
    const removed: string[] = [];
    let page: { name: string; spoolId: string; complete: boolean }[] = [];
    const sweepPage = async () => {
      const live = await liveAmong(page.filter((entry) => entry.complete).map((entry) => entry.spoolId));
      for (const entry of page) {
        if ((entry.complete && live.has(entry.spoolId)) || this.#writing.has(entry.spoolId)) continue;
        if (await this.#removeIfOldEnough(entry.name, options.minAgeMs ?? 0)) removed.push(entry.name);
      }
      page = [];
      await setImmediate();
    };
    for await (const file of await opendir(this.directory, { bufferSize: ORPHAN_SWEEP_PAGE })) {
      const entry = parseFileName(file.name);
      if (!entry) continue;
      page.push({ name: file.name, ...entry });
      if (page.length >= ORPHAN_SWEEP_PAGE) await sweepPage();
    }
    if (page.length > 0) await sweepPage();
    return removed.sort();
  }

  async #removeIfOldEnough(name: string, minAgeMs: number): Promise<boolean> {
    const path = join(this.directory, name);
    if (minAgeMs > 0 && !(await isOlderThan(path, minAgeMs))) return false;
    await rm(path, { force: true });
    return true;
  }

  /** Makes the directory's entries durable (file-system.ts says why). */
  async #syncDirectory(): Promise<void> {
    // Windows cannot open a directory for fsync; NTFS journals the entry itself.
    if (process.platform === "win32") return;
    const opening = (this.#directoryHandle ??= open(this.directory, "r"));
    // A failed open is not kept: the next document tries again.
    opening.catch(() => {
      if (this.#directoryHandle === opening) this.#directoryHandle = undefined;
    });
    const handle = await opening;
    try {
      await handle.sync();
    } catch (error) {
      // Linux reports a writeback error once per open file: a handle kept after a failed fsync
      // could answer the next one with success while the entries are not durable. Not kept.
      if (this.#directoryHandle === opening) this.#directoryHandle = undefined;
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /** Closes the directory handle the store keeps; writing again opens it again. */
  async close(): Promise<void> {
    const opening = this.#directoryHandle;
    this.#directoryHandle = undefined;
    await (await opening?.catch(() => undefined))?.close();
  }

  #path(spoolId: string, suffix: string): string {
    return join(this.directory, spoolId + suffix);
  }
}

export function isSpoolId(value: string): boolean {
  return SPOOL_ID_PATTERN.test(value);
}

function assertSpoolId(spoolId: string): void {
  if (!isSpoolId(spoolId)) throw new PrintvaktError("bad-request", "malformed spool id", { userMessage: "Unknown job" });
}

function parseFileName(name: string): { spoolId: string; complete: boolean } | undefined {
  for (const [suffix, complete] of [[COMPLETE_SUFFIX, true], [PARTIAL_SUFFIX, false]] as const) {
    if (!name.endsWith(suffix)) continue;
    const spoolId = name.slice(0, -suffix.length);
    return isSpoolId(spoolId) ? { spoolId, complete } : undefined;
  }
  return undefined;
}

async function isOlderThan(path: string, ageMs: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs >= ageMs;
  } catch (error) {
    if (isErrnoCode(error, "ENOENT")) return false;
    throw error;
  }
}

/** Our own errors (too-large) keep their code; an abort carries the caller's reason when it is ours. */
function writeFailure(error: unknown, signal: AbortSignal | undefined): PrintvaktError {
  if (error instanceof PrintvaktError) return error;
  if (signal?.aborted) {
    if (signal.reason instanceof PrintvaktError) return signal.reason;
    return new PrintvaktError("timeout", "spool write was aborted", { userMessage: "The upload was interrupted", cause: signal.reason });
  }
  return toPrintvaktError(error);
}
