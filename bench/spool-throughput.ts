// Measures spool throughput (cipher alone, and writeJob/openJob on disk) and writes the figures to bench/results/.
// Run: npx jiti bench/spool-throughput.ts [MiB]   (default 256 MiB; needs that much free space in the temp directory)
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createDecryptStream, createEncryptStream } from "../server/spool/chunked-cipher.js";
import { newJobKey } from "../server/spool/job-key.js";
import { SpoolStore } from "../server/spool/spool-store.js";

const MiB = 1024 * 1024;
const totalMiB = Number(process.argv[2] ?? 256);
const piece = randomBytes(64 * 1024);

/** The same random 64 KiB piece over and over: input generation costs nothing, so the figures are the spool's. */
function document(): Readable {
  let remaining = totalMiB * MiB;
  return new Readable({
    read() {
      if (remaining <= 0) return void this.push(null);
      const next = piece.subarray(0, Math.min(piece.length, remaining));
      remaining -= next.length;
      this.push(next);
    },
  });
}

function sink(collect?: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      collect?.push(chunk);
      callback();
    },
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return Number((totalMiB / ((performance.now() - start) / 1000)).toFixed(1));
}

const jobKey = newJobKey();
const root = await mkdtemp(join(tmpdir(), "printvakt-bench-"));
try {
  const encryptOnly = await timed(() => pipeline(document(), createEncryptStream(jobKey), sink()));
  // Decrypt-only needs ciphertext to read: encrypt a 32 MiB slice once and replay it.
  const sample: Buffer[] = [];
  await pipeline(Readable.from([Buffer.alloc(32 * MiB, 1)]), createEncryptStream(jobKey), sink(sample));
  const sampleFile = Buffer.concat(sample);
  const decryptOnly = await timed(async () => {
    for (let round = 0; round < totalMiB / 32; round++) await pipeline(Readable.from([sampleFile]), createDecryptStream(jobKey), sink());
  });
  const spool = await SpoolStore.open(join(root, "spool"));
  let spoolId = "";
  const writeJob = await timed(async () => {
    spoolId = (await spool.writeJob(document(), { jobKey, maxBytes: totalMiB * MiB })).spoolId;
  });
  const openJob = await timed(() => pipeline(spool.openJob(spoolId, jobKey), sink()));
  await spool.close();
  const figures = {
    date: new Date().toISOString(),
    node: process.version,
    documentMiB: totalMiB,
    mibPerSecond: { encryptOnly, decryptOnly, writeJobWithFsync: writeJob, openJob },
  };
  await mkdir(new URL("./results/", import.meta.url), { recursive: true });
  await writeFile(new URL("./results/spool-throughput.json", import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(JSON.stringify(figures, null, 2));
} finally {
  await rm(root, { recursive: true, force: true });
}
