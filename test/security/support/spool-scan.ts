// Searches files for plaintext: does any of a few known octet strings occur anywhere in them?
import { createReadStream } from "node:fs";

/** The needles (each at most 64 KiB) found in the file, read as a stream so gigabytes cost no memory. */
export async function findInFile(file: string, needles: readonly Buffer[]): Promise<Buffer[]> {
  const overlap = Math.max(...needles.map((needle) => needle.length)) - 1;
  const found = new Set<Buffer>();
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    // The tail of the previous chunk goes in front, so a needle across a chunk boundary is seen too.
    const window = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
    for (const needle of needles) if (!found.has(needle) && window.includes(needle)) found.add(needle);
    tail = Buffer.from(window.subarray(Math.max(0, window.length - overlap)));
  }
  return [...found];
}
