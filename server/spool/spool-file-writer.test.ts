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
import { SpoolFileWriter, SYNC_EVERY_BYTES } from "./spool-file-writer.js";

/**
 * A file handle that keeps what is written to it, taking at most `takeAtMost` bytes of each write;
 * `events` lists its writes and data syncs in the order they were asked for.
 */
function recordingHandle(options: { takeAtMost?: number; datasync?: () => Promise<void> } = {}) {
  const writes: number[][] = [];
  const bytes: Buffer[] = [];
  const events: ("write" | "datasync")[] = [];
  const handle = {
    async datasync() {
      events.push("datasync");
      await options.datasync?.();
    },
    async writev(pieces: Buffer[]) {
      events.push("write");
      writes.push(pieces.map((piece) => piece.length));
      const joined = Buffer.concat(pieces);
      const taken = joined.subarray(0, Math.min(joined.length, options.takeAtMost ?? Infinity));
      bytes.push(taken);
      return { bytesWritten: taken.length, buffers: pieces };
    },
  };
  return { handle: handle as unknown as FileHandle, writes, events, file: () => Buffer.concat(bytes) };
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

/** A document of `bytes` in 64 KiB pieces, as the IPP body arrives. */
function inPieces(document: Buffer): Buffer[] {
  return Array.from({ length: Math.ceil(document.length / 65536) }, (_, index) => document.subarray(index * 65536, (index + 1) * 65536));
}

test("a large document's data is synced while it is written, so the final fsync only flushes the tail", async () => {
  const jobKey = newJobKey();
  const document = randomBytes(3 * SYNC_EVERY_BYTES + 12345);
  const { handle, events, file } = recordingHandle();
  await pipeline(Readable.from(inPieces(document)), new SpoolFileWriter(handle, new PlaintextMeter(document.length), new SpoolEncryptor(jobKey)));
  const syncs = events.filter((event) => event === "datasync").length;
  expect(syncs).toBeGreaterThanOrEqual(1);
  expect(syncs).toBeLessThanOrEqual(3);
  // A sync began before the last record's write: it ran alongside the writing, not after it.
  expect(events.indexOf("datasync")).toBeLessThan(events.lastIndexOf("write"));
  expect((await decrypt(file(), jobKey)).equals(document)).toBe(true);
});

test("a document smaller than the sync interval is not synced on the way (the caller's fsync does it)", async () => {
  const document = randomBytes(SYNC_EVERY_BYTES / 2);
  const { handle, events } = recordingHandle();
  await pipeline(Readable.from(inPieces(document)), new SpoolFileWriter(handle, new PlaintextMeter(document.length), new SpoolEncryptor(newJobKey())));
  expect(events).not.toContain("datasync");
});

test("a sync that fails on the way fails the document, even when the later writes succeed", async () => {
  const document = randomBytes(2 * SYNC_EVERY_BYTES);
  const failure = Object.assign(new Error("input/output error"), { code: "EIO" });
  const { handle } = recordingHandle({ datasync: () => Promise.reject(failure) });
  const writing = pipeline(Readable.from(inPieces(document)), new SpoolFileWriter(handle, new PlaintextMeter(document.length), new SpoolEncryptor(newJobKey())));
  await expect(writing).rejects.toMatchObject({ code: "EIO" });
});

test("while the file is slow to take writes, at most three records wait in memory", async () => {
  const document = randomBytes(32 * 1024 * 1024);
  let releaseWrites: () => void = () => undefined;
  const writesMayGo = new Promise<void>((resolve) => (releaseWrites = resolve));
  const { handle } = recordingHandle();
  const recording = handle as unknown as { writev(pieces: Buffer[]): Promise<unknown> };
  const writev = recording.writev.bind(recording);
  recording.writev = async (pieces) => {
    await writesMayGo;
    return writev(pieces);
  };
  let consumed = 0;
  const source = Readable.from(
    (function* () {
      for (const piece of inPieces(document)) {
        consumed += piece.length;
        yield piece;
      }
    })(),
  );
  const writing = pipeline(source, new SpoolFileWriter(handle, new PlaintextMeter(document.length), new SpoolEncryptor(newJobKey())));
  // Turns of the event loop for the streams to pull all they would (an upper bound, never a clock).
  for (let turn = 0; turn < 200; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  // Three sealed records, the record filling, and what the streams between buffer (16 KiB marks).
  expect(consumed).toBeLessThan(5 * 1024 * 1024);
  releaseWrites();
  await writing;
  expect(consumed).toBe(document.length);
});

test("the writer finishes only once every write and every background sync has completed, so the caller's fsync follows them all", async () => {
  const document = randomBytes(3 * SYNC_EVERY_BYTES);
  const events: string[] = [];
  const later = () => new Promise<void>((resolve) => setImmediate(resolve));
  const { handle } = recordingHandle();
  const recording = handle as unknown as { writev(pieces: Buffer[]): Promise<unknown>; datasync(): Promise<void> };
  const writev = recording.writev.bind(recording);
  recording.writev = async (pieces) => {
    events.push("write");
    await later();
    const result = await writev(pieces);
    events.push("write done");
    return result;
  };
  recording.datasync = async () => {
    events.push("sync");
    for (let turn = 0; turn < 20; turn += 1) await later();
    events.push("sync done");
  };
  await pipeline(Readable.from(inPieces(document)), new SpoolFileWriter(handle, new PlaintextMeter(document.length), new SpoolEncryptor(newJobKey())));
  events.push("finished");
  for (let turn = 0; turn < 50; turn += 1) await later();
  expect(events.at(-1)).toBe("finished");
  expect(events.filter((event) => event === "write done")).toHaveLength(events.filter((event) => event === "write").length);
  expect(events.filter((event) => event === "sync done")).toHaveLength(events.filter((event) => event === "sync").length);
  expect(events).toContain("sync done");
});
