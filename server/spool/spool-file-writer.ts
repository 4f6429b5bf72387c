// The writing end of a spool file: measures, encrypts and writes a document in one stream step,
// one file write per record.
//
// Why not meter → cipher → fs.WriteStream: the write stream wrote each ciphertext piece on its own
// (a 1 MB upload arrives in ~17 pieces, cut where the client's chunked framing falls), each a round
// trip to libuv's thread pool and back, and each stream between the socket and the file cost its
// own hand-over per chunk (issue 13). Here a record goes to the file in one writev of its pieces.
import type { FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";
import { SpoolEncryptor } from "./chunked-cipher.js";
import type { PlaintextMeter } from "./plaintext-meter.js";

export class SpoolFileWriter extends Writable {
  readonly #handle: FileHandle;
  readonly #meter: PlaintextMeter;
  readonly #encryptor: SpoolEncryptor;
  /**
   * The write under way. One record is written while the next fills, never more: the plaintext in
   * memory stays at about two records, as the stream version held.
   */
  #writing: Promise<void> = Promise.resolve();

  constructor(handle: FileHandle, meter: PlaintextMeter, encryptor: SpoolEncryptor) {
    super();
    this.#handle = handle;
    this.#meter = meter;
    this.#encryptor = encryptor;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let record: Buffer[];
    try {
      this.#meter.measure(chunk);
      record = this.#encryptor.push(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (record.length === 0) callback();
    else this.#writeAfterPrevious(record).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    let record: Buffer[];
    try {
      record = this.#encryptor.finish();
    } catch (error) {
      callback(error as Error);
      return;
    }
    this.#writeAfterPrevious(record)
      .then(() => this.#writing)
      .then(() => callback(), callback);
  }

  /** Waits for the write under way (its failure is this one's), then starts this record's write. */
  async #writeAfterPrevious(record: Buffer[]): Promise<void> {
    await this.#writing;
    const writing = writeAll(this.#handle, record);
    // Its failure is reported by whoever waits next (the next record, or the end); never unhandled.
    writing.catch(() => undefined);
    this.#writing = writing;
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
