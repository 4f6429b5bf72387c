// The writing end of a spool file: measures, encrypts and writes a document in one stream step,
// one file write per record.
//
// Why not meter → cipher → fs.WriteStream: the write stream wrote each ciphertext piece on its own
// (a 1 MB upload arrives in ~17 pieces, cut where the client's chunked framing falls), each a round
// trip to libuv's thread pool and back, and each stream between the socket and the file cost its
// own hand-over per chunk (issue 13). Here a record goes to the file in one writev of its pieces.
//
// Large documents (issue 13, the 100 MB row): the file's data is synced every few MiB while it is
// written, on libuv's thread pool alongside the next writes, so the fsync that must follow the last
// write (spool-store.ts) only has the tail left to flush: for 100 MB here ~20 ms instead of ~140 ms.
import type { FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";
import type { SpoolEncryptor } from "./chunked-cipher.js";
import type { PlaintextMeter } from "./plaintext-meter.js";

/**
 * Records sealed and waiting for or in their write. More than one, so that a write held up by the
 * file system (a background sync's journal commit) does not stop this thread receiving; few, so the
 * ciphertext in memory stays at a few records (a 1 GiB job grows the process by < 64 MiB).
 */
const RECORDS_IN_FLIGHT = 3;
/** Data written since the last sync that starts another one in the background. */
export const SYNC_EVERY_BYTES = 8 * 1024 * 1024;

export class SpoolFileWriter extends Writable {
  readonly #handle: FileHandle;
  readonly #meter: PlaintextMeter;
  readonly #encryptor: SpoolEncryptor;
  /** The last record's write: each record is written after the one before it, so records stay in order. */
  #written: Promise<void> = Promise.resolve();
  #inFlight = 0;
  /** The callback of a write held back until fewer records are in flight (backpressure). */
  #resume: ((error?: Error | null) => void) | undefined;
  /** The first failure (an encryption, a write or a background sync); every later step reports it. */
  #failure: Error | undefined;
  #unsyncedBytes = 0;
  #syncing: Promise<void> | undefined;

  constructor(handle: FileHandle, meter: PlaintextMeter, encryptor: SpoolEncryptor) {
    super();
    this.#handle = handle;
    this.#meter = meter;
    this.#encryptor = encryptor;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.#failure) return callback(this.#failure);
    try {
      this.#meter.measure(chunk);
      const record = this.#encryptor.push(chunk);
      if (record.length > 0) this.#enqueue(record);
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (this.#inFlight < RECORDS_IN_FLIGHT) callback();
    else this.#resume = callback;
  }

  override _final(callback: (error?: Error | null) => void): void {
    try {
      // The last record is not synced on its own: the caller's fsync follows at once.
      this.#enqueue(this.#encryptor.finish(), { last: true });
    } catch (error) {
      callback(error as Error);
      return;
    }
    this.#written
      .then(() => this.#syncing)
      .then(() => callback(this.#failure), callback);
  }

  /** Writes the record once every record before it is written. */
  #enqueue(record: Buffer[], options: { last?: boolean } = {}): void {
    this.#inFlight += 1;
    const written = this.#written.then(async () => {
      if (this.#failure) throw this.#failure;
      await writeAll(this.#handle, record);
      if (!options.last) this.#syncInBackground(record.reduce((sum, piece) => sum + piece.length, 0));
    });
    // Its failure is reported to whoever waits next (a held-back write, or the end); never unhandled.
    written.catch(() => undefined);
    this.#written = written;
    written.then(() => this.#settled(), (error: Error) => this.#settled(error));
  }

  #settled(error?: Error): void {
    this.#inFlight -= 1;
    if (error) this.#failure ??= error;
    const resume = this.#resume;
    if (resume && (this.#failure || this.#inFlight < RECORDS_IN_FLIGHT)) {
      this.#resume = undefined;
      resume(this.#failure);
    }
  }

  /**
   * Starts an fdatasync of what is written so far once enough has piled up, alongside the next
   * writes: it only shortens the final fsync, which still follows the last write. A failed sync
   * fails the document (Linux reports a writeback error once, so a later fsync could succeed).
   */
  #syncInBackground(bytes: number): void {
    this.#unsyncedBytes += bytes;
    if (this.#unsyncedBytes < SYNC_EVERY_BYTES || this.#syncing || this.destroyed) return;
    this.#unsyncedBytes = 0;
    this.#syncing = this.#handle.datasync().then(
      () => {
        this.#syncing = undefined;
      },
      (error: Error) => {
        this.#syncing = undefined;
        this.#failure ??= error;
      },
    );
  }
}

/** Writes every piece, in order, at the file's position; a short write goes on where it stopped. */
async function writeAll(handle: FileHandle, pieces: Buffer[]): Promise<void> {
  let rest = pieces;
  while (rest.length > 0) {
    let written = (await handle.writev(rest)).bytesWritten;
    if (written === 0) throw new Error("the spool file took no bytes of a write");
    while (rest.length > 0 && written >= rest[0]!.length) {
      written -= rest[0]!.length;
      rest = rest.slice(1);
    }
    if (written > 0) rest = [rest[0]!.subarray(written), ...rest.slice(1)];
  }
}
