// Proves that a large job streams through the spool in bounded memory; prints the figures it measured.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, test } from "vitest";
import { newJobKey } from "./job-key.js";
import { SpoolStore } from "./spool-store.js";

const MiB = 1024 * 1024;
const DOCUMENT_BYTES = 256 * MiB;
const PIECE_BYTES = 64 * 1024;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "printvakt-spool-memory-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Random data made on demand, so the test itself never holds the document; hashes what it hands out. */
function generatedDocument(totalBytes: number): { source: Readable; sha256: () => string } {
  const hash = createHash("sha256");
  let produced = 0;
  const source = new Readable({
    read() {
      if (produced >= totalBytes) return void this.push(null);
      const piece = randomBytes(Math.min(PIECE_BYTES, totalBytes - produced));
      produced += piece.length;
      hash.update(piece);
      this.push(piece);
    },
  });
  return { source, sha256: () => hash.digest("hex") };
}

/** Samples resident memory while `work` runs and returns the highest value seen. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(sampler);
  }
}

test("a 256 MiB job goes through writeJob and openJob with resident memory growing less than 64 MiB", async () => {
  const spool = await SpoolStore.open(join(root, "spool"));
  const jobKey = newJobKey();
  // Warm up crypto, fs and stream code so their one-time allocations are not counted as growth.
  const warmUp = await spool.writeJob(generatedDocument(4 * MiB).source, { jobKey, maxBytes: 4 * MiB });
  for await (const _chunk of spool.openJob(warmUp.spoolId, jobKey));
  await spool.removeJob(warmUp.spoolId);

  const baseline = process.memoryUsage().rss;
  const document = generatedDocument(DOCUMENT_BYTES);
  const writeStart = performance.now();
  const write = await peakRss(() => spool.writeJob(document.source, { jobKey, maxBytes: DOCUMENT_BYTES }));
  const writeSeconds = (performance.now() - writeStart) / 1000;

  const readStart = performance.now();
  const read = await peakRss(async () => {
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const chunk of spool.openJob(write.result.spoolId, jobKey)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    return { bytes, sha256: hash.digest("hex") };
  });
  const readSeconds = (performance.now() - readStart) / 1000;

  const fileBytes = (await stat(join(root, "spool", `${write.result.spoolId}.pvs`))).size;
  const growth = Math.max(write.peak, read.peak) - baseline;
  console.log(
    `spool 256 MiB: rss baseline ${(baseline / MiB).toFixed(1)} MiB, peak growth ${(growth / MiB).toFixed(1)} MiB ` +
      `(write ${((write.peak - baseline) / MiB).toFixed(1)}, read ${((read.peak - baseline) / MiB).toFixed(1)}); ` +
      `write ${(DOCUMENT_BYTES / MiB / writeSeconds).toFixed(0)} MiB/s incl. generating random input and fsync, ` +
      `read ${(DOCUMENT_BYTES / MiB / readSeconds).toFixed(0)} MiB/s incl. hashing; file ${fileBytes} bytes`,
  );

  expect(write.result.plaintextBytes).toBe(DOCUMENT_BYTES);
  expect(write.result.sha256).toBe(document.sha256());
  expect(read.result.bytes).toBe(DOCUMENT_BYTES);
  expect(read.result.sha256).toBe(write.result.sha256);
  expect(fileBytes).toBe(21 + DOCUMENT_BYTES + 256 * 16);
  expect(growth).toBeLessThan(64 * MiB);
}, 300_000);
