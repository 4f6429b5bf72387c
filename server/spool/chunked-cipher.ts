// Streaming authenticated encryption of a spool file: fixed-size AES-256-GCM records behind a header.
//
// File layout (all integers big-endian):
//   header  = "PVSPOOL1" (8) | format version = 1 (1) | chunk size in bytes (uint32) | nonce prefix (8 random bytes)
//   record i = AES-256-GCM ciphertext of plaintext chunk i | tag (16)
// Every record but the last holds exactly `chunk size` plaintext bytes; the last holds 0..chunk size,
// so an empty document is one record of just a tag.
//   key   = HKDF-SHA256(job key, info "printvakt spool-file v1")
//   nonce = nonce prefix | uint32 i
//   AAD   = header | uint32 i | final flag (1 on the last record, else 0)
// The counter in nonce and AAD catches reordered, dropped and duplicated records; the final flag
// catches truncation at a record boundary and records appended after the end; the header in the AAD
// catches any edit to the header. The decrypt side releases a chunk's plaintext only after its tag
// verified, so a reader sees verified bytes followed by an error, never unverified bytes.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { PrintvaktError } from "../../core/errors.js";
import { ByteQueue } from "./byte-queue.js";
import { deriveJobSubkey } from "./job-key.js";
import { integrityError } from "./spool-error.js";

export const MAGIC = Buffer.from("PVSPOOL1", "ascii");
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = MAGIC.length + 1 + 4 + 8;
export const TAG_BYTES = 16;
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
// The decrypt side holds about two chunks in memory, so a header may not ask for more than this.
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
const NONCE_PREFIX_BYTES = 8;
const MAX_RECORDS = 2 ** 32;

export interface EncryptOptions {
  /** Plaintext bytes per record; tests use small values to get many records cheaply. */
  chunkSize?: number;
}

/**
 * The encrypting half of the format without a stream around it: plaintext in, in whatever pieces it
 * comes, ciphertext out a whole record at a time (the header first), so a writer can hand each
 * record to the file in one write (spool-file-writer.ts) and a stream can push it (createEncryptStream).
 */
export class SpoolEncryptor {
  readonly #chunkSize: number;
  readonly #header: Buffer;
  readonly #records: RecordCipher;
  readonly #pending = new ByteQueue();
  #headerWritten = false;

  constructor(jobKey: Buffer, options: EncryptOptions = {}) {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_BYTES;
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_BYTES) {
      throw new PrintvaktError("internal", `spool chunk size must be 1..${MAX_CHUNK_BYTES} bytes, got ${chunkSize}`);
    }
    this.#chunkSize = chunkSize;
    this.#header = Buffer.concat([MAGIC, Buffer.of(FORMAT_VERSION), uint32(chunkSize), randomBytes(NONCE_PREFIX_BYTES)]);
    this.#records = new RecordCipher(deriveJobSubkey(jobKey, "spool-file"), this.#header);
  }

  /** Takes a piece of plaintext; returns the ciphertext of every record it completed (often none). */
  push(chunk: Buffer): Buffer[] {
    this.#pending.push(chunk);
    const out: Buffer[] = [];
    // A full chunk is only known not to be the last one once at least one more byte has arrived.
    // A loop, not push(...): a record's pieces are as many as the plaintext arrived in.
    while (this.#pending.length > this.#chunkSize) for (const piece of this.#records.seal(this.#pending.takePieces(this.#chunkSize), false)) out.push(piece);
    // The header goes out with the first record, so the file's first write carries both.
    return out.length === 0 ? out : nonEmpty([...this.#headerOnce(), ...out]);
  }

  /** The end of the plaintext: the final record (with the header, for an empty document). */
  finish(): Buffer[] {
    return nonEmpty([...this.#headerOnce(), ...this.#records.seal(this.#pending.takePieces(this.#pending.length), true)]);
  }

  #headerOnce(): Buffer[] {
    if (this.#headerWritten) return [];
    this.#headerWritten = true;
    return [this.#header];
  }
}

export function createEncryptStream(jobKey: Buffer, options: EncryptOptions = {}): Transform {
  const encryptor = new SpoolEncryptor(jobKey, options);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        pushAll(this, encryptor.push(chunk));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        pushAll(this, encryptor.finish());
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

export function createDecryptStream(jobKey: Buffer): Transform {
  const fileKey = deriveJobSubkey(jobKey, "spool-file");
  const pending = new ByteQueue();
  let records: RecordCipher | undefined;
  let recordBytes = 0;

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        pending.push(chunk);
        if (!records) {
          if (pending.length < HEADER_BYTES) return callback();
          const header = pending.take(HEADER_BYTES);
          recordBytes = readHeader(header) + TAG_BYTES;
          records = new RecordCipher(fileKey, header);
        }
        // Same rule as encryption: a record is not the last while more bytes follow it.
        while (pending.length > recordBytes) this.push(records.open(pending.take(recordBytes), false));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (!records) throw integrityError("truncated", "spool file ends inside its header");
        if (pending.length < TAG_BYTES) throw integrityError("truncated", "spool file ends without its final record");
        this.push(records.open(pending.take(pending.length), true));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

function pushAll(stream: Transform, pieces: Buffer[]): void {
  for (const piece of pieces) stream.push(piece);
}

function nonEmpty(pieces: Buffer[]): Buffer[] {
  return pieces.filter((piece) => piece.length > 0);
}

/** Checks magic and version and returns the chunk size the header declares. */
function readHeader(header: Buffer): number {
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw integrityError("malformed", "not a Printvakt spool file (bad magic)");
  const version = header[MAGIC.length];
  if (version !== FORMAT_VERSION) throw integrityError("unsupported-version", `spool file format version ${version} is not supported`);
  const chunkSize = header.readUInt32BE(MAGIC.length + 1);
  if (chunkSize < 1 || chunkSize > MAX_CHUNK_BYTES) throw integrityError("malformed", `spool file declares chunk size ${chunkSize}`);
  return chunkSize;
}

/** Seals or opens consecutive records, keeping the counter that ties each record to its place. */
class RecordCipher {
  readonly #key: Buffer;
  readonly #header: Buffer;
  readonly #noncePrefix: Buffer;
  #index = 0;

  constructor(key: Buffer, header: Buffer) {
    this.#key = key;
    this.#header = header;
    this.#noncePrefix = header.subarray(HEADER_BYTES - NONCE_PREFIX_BYTES);
  }

  /**
   * One record from its plaintext in the pieces it arrived in, as the pieces of ciphertext and then
   * the tag: the bytes written are the same as sealing one joined chunk, without the two copies of
   * every byte that joining the plaintext and appending the tag to the ciphertext cost (issue 13).
   */
  seal(plaintext: readonly Buffer[], isFinal: boolean): Buffer[] {
    if (this.#index >= MAX_RECORDS) throw new PrintvaktError("too-large", "document has more chunks than the record counter allows");
    const index = this.#index++;
    const cipher = createCipheriv("aes-256-gcm", this.#key, this.#nonce(index));
    cipher.setAAD(this.#aad(index, isFinal));
    const sealed = plaintext.map((piece) => cipher.update(piece));
    cipher.final();
    sealed.push(cipher.getAuthTag());
    return sealed;
  }

  open(record: Buffer, isFinal: boolean): Buffer {
    if (this.#index >= MAX_RECORDS) throw integrityError("malformed", "spool file has more records than the counter allows");
    const index = this.#index++;
    const plaintext = this.#tryOpen(record, index, isFinal);
    if (plaintext) return plaintext;
    // Only on failure: check whether the record verifies with the other flag, to name the cause in the log.
    if (this.#tryOpen(record, index, !isFinal)) {
      throw isFinal
        ? integrityError("truncated", `spool file was cut after record ${index}`)
        : integrityError("trailing-data", `data follows the final record ${index} of the spool file`);
    }
    throw integrityError("authentication-failed", `spool record ${index} does not verify (tampered, reordered or wrong key)`);
  }

  #tryOpen(record: Buffer, index: number, isFinal: boolean): Buffer | undefined {
    const decipher = createDecipheriv("aes-256-gcm", this.#key, this.#nonce(index));
    decipher.setAAD(this.#aad(index, isFinal));
    decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
    const plaintext = decipher.update(record.subarray(0, record.length - TAG_BYTES));
    try {
      decipher.final();
    } catch {
      return undefined;
    }
    return plaintext;
  }

  #nonce(index: number): Buffer {
    return Buffer.concat([this.#noncePrefix, uint32(index)]);
  }

  #aad(index: number, isFinal: boolean): Buffer {
    return Buffer.concat([this.#header, uint32(index), Buffer.of(isFinal ? 1 : 0)]);
  }
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}
