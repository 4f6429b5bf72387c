// Where a large document's time goes in the spool, phase by phase: streaming it in (hash, page
// counting, encryption and writes, with the writer's background syncs), the fsync after the last
// write, the rename and the directory fsync. Prints the figures; it never asserts timings.
// Run: npx tsx bench/spool-write-phases.ts [MB per document, default 100] [rounds, default 5]
// The IPP body arrives in 64 KiB pieces; the generated PDF is the one bench/ingest.ts sends.
import { mkdtemp, open, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { DocumentInspector } from "../core/documents/document-inspector.js";
import { SpoolEncryptor } from "../server/spool/chunked-cipher.js";
import { syncDirectory } from "../server/spool/file-system.js";
import { newJobKey } from "../server/spool/job-key.js";
import { PlaintextMeter } from "../server/spool/plaintext-meter.js";
import { SpoolFileWriter } from "../server/spool/spool-file-writer.js";
import { generatedDocument } from "../test/support/generated-document.js";

const MB = 1_000_000;
const documentBytes = Number(process.argv[2] ?? 100) * MB;
const rounds = Number(process.argv[3] ?? 5);
const milliseconds = (from: number, to: number) => (to - from).toFixed(0).padStart(5);

const root = await mkdtemp(join(tmpdir(), "printvakt-bench-phases-"));
try {
  for (let round = 0; round < rounds; round += 1) {
    const inspector = new DocumentInspector();
    const meter = new PlaintextMeter(documentBytes, (chunk) => inspector.push(chunk));
    const partial = join(root, `${round}.part`);
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const handle = await open(partial, "wx", 0o600);
    await pipeline(generatedDocument(documentBytes), new SpoolFileWriter(handle, meter, new SpoolEncryptor(newJobKey())));
    const streamed = performance.now();
    await handle.sync();
    const synced = performance.now();
    await handle.close();
    await rename(partial, join(root, `${round}.pvs`));
    const renamed = performance.now();
    await syncDirectory(root);
    const done = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    console.log(
      `${documentBytes / MB} MB: stream ${milliseconds(start, streamed)} ms, final fsync ${milliseconds(streamed, synced)} ms, ` +
        `close+rename ${milliseconds(synced, renamed)} ms, directory fsync ${milliseconds(renamed, done)} ms, total ${milliseconds(start, done)} ms; ` +
        `process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`,
    );
    await rm(join(root, `${round}.pvs`));
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
