// Specification of the spool file's writing end: one file write per record, whatever pieces the
// plaintext arrived in, and the bytes are exactly the cipher stream's.
import { randomBytes } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { expect, test } from "vitest";
import { createDecryptStream, SpoolEncryptor } from "./chunked-cipher.js";
import { newJobKey } from "./job-key.js";
import { PlaintextMeter } from "./plaintext-meter.js";
import { SpoolFileWriter } from "./spool-file-writer.js";

/** A file handle that keeps what is written to it, taking at most `takeAtMost` bytes of each write. */
function recordingHandle(options: { takeAtMost?: number } = {}) {
  const writes: number[][] = [];
  const bytes: Buffer[] = [];
  const handle = {
    async writev(pieces: Buffer[]) {
      writes.push(pieces.map((piece) => piece.length));
      const joined = Buffer.concat(pieces);
      const taken = joined.subarray(0, Math.min(joined.length, options.takeAtMost ?? Infinity));
      bytes.push(taken);
      return { bytesWritten: taken.length, buffers: pieces };
    },
  };
  return { handle: handle as unknown as FileHandle, writes, file: () => Buffer.concat(bytes) };
}

async function decrypt(file: Buffer, jobKey: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from([file]), createDecryptStream(jobKey), new Writable({ write: (chunk: Buffer, _e, done) => void (out.push(chunk), done()) }));
  return Buffer.concat(out);
}

test("a record goes to the file in one write, however many pieces its plaintext came in", async () => {
  const jobKey = newJobKey();
  const document = randomBytes(10_000);
  const pieces = Array.from({ length: 100 }, (_, index) => document.subarray(index * 100, index * 100 + 100));
  const { handle, writes, file } = recordingHandle();
  await pipeline(Readable.from(pieces), new SpoolFileWriter(handle, new PlaintextMeter(document.length), new SpoolEncryptor(jobKey, { chunkSize: 4096 })));
  // Records of 4096, 4096 and 1808 bytes: three writes (the header rides with the first).
  expect(writes).toHaveLength(3);
  expect((await decrypt(file(), jobKey)).equals(document)).toBe(true);
});

test("a write the file takes only part of goes on where it stopped", async () => {
  const jobKey = newJobKey();
  const document = randomBytes(5000);
  const { handle, writes, file } = recordingHandle({ takeAtMost: 1000 });
  await pipeline(Readable.from([document]), new SpoolFileWriter(handle, new PlaintextMeter(document.length), new SpoolEncryptor(jobKey, { chunkSize: 4096 })));
  expect(writes.length).toBeGreaterThan(2);
  expect((await decrypt(file(), jobKey)).equals(document)).toBe(true);
});

test("the meter sees every byte before it is encrypted, and its limit stops the write", async () => {
  const { handle, writes } = recordingHandle();
  const seen: number[] = [];
  const meter = new PlaintextMeter(150, (chunk) => seen.push(chunk.length));
  const writing = pipeline(Readable.from([randomBytes(100), randomBytes(100)]), new SpoolFileWriter(handle, meter, new SpoolEncryptor(newJobKey(), { chunkSize: 64 })));
  await expect(writing).rejects.toMatchObject({ code: "too-large" });
  expect(seen).toEqual([100]);
  // Only the records of the first 100 bytes (64 of them a full record; the rest waits for more) were written.
  expect(writes).toHaveLength(1);
});
