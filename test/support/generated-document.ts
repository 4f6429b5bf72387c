// Generates large documents as streams (never whole in memory), with a known content to search for.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";

const BLOCK_BYTES = 64 * 1024;
export const PDF_START = Buffer.from("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n", "latin1");

/**
 * 64 KiB of pseudo-random octets (SHA-256 in counter mode over `seed`): the same for the same seed,
 * and without repeats inside it, so any 32-octet window of it is a fingerprint of the plaintext.
 */
export function patternBlock(seed = "printvakt generated document"): Buffer {
  // Made once per seed: 2,048 hashes take ~8 ms, which a benchmark timing a 1 MB submission from
  // its first octet would otherwise count as the server's (it did, for cupsd and Printvakt alike).
  const made = madeBlocks.get(seed);
  if (made !== undefined) return made;
  const block = Buffer.alloc(BLOCK_BYTES);
  for (let offset = 0; offset < BLOCK_BYTES; offset += 32) {
    createHash("sha256").update(`${seed}:${offset}`).digest().copy(block, offset);
  }
  madeBlocks.set(seed, block);
  return block;
}
/** Blocks by seed. Callers only read them (generatedDocument slices, never writes). */
const madeBlocks = new Map<string, Buffer>();

/**
 * A PDF header followed by the pattern block over and over, `totalBytes` long in all. Each block
 * is the same object (no copies), so producing a gigabyte costs nothing but the consumer's time.
 */
export function generatedDocument(totalBytes: number, block: Buffer = patternBlock()): Readable {
  let remaining = totalBytes;
  let first = true;
  return new Readable({
    highWaterMark: BLOCK_BYTES,
    read() {
      if (remaining <= 0) {
        this.push(null);
        return;
      }
      const piece = first ? Buffer.concat([PDF_START, block.subarray(PDF_START.length)]) : block;
      first = false;
      const next = piece.subarray(0, Math.min(piece.length, remaining));
      remaining -= next.length;
      this.push(next);
    },
  });
}

/** The IPP header followed by the document, as one stream. */
export function withHeader(header: Buffer, document: Readable): Readable {
  return Readable.from(
    (async function* () {
      yield header;
      yield* document;
    })(),
    { objectMode: false },
  );
}
