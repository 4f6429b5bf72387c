// Receives a document stream into the encrypted spool: decompressed on the way, bounded in size,
// never whole in memory. A failed or aborted upload leaves nothing behind.
import type { Readable } from "node:stream";
import { createGunzip, createInflateRaw } from "node:zlib";
import { DocumentInspector } from "../../core/documents/document-inspector.js";
import { receivedFormat } from "../../core/documents/format-sniffer.js";
import { PrintvaktError } from "../../core/errors.js";
import { newJobKey } from "../spool/job-key.js";
import type { SpoolStore } from "../spool/spool-store.js";

export const SUPPORTED_COMPRESSION = ["none", "deflate", "gzip"] as const;

export interface ReceivedDocument {
  spoolId: string;
  jobKey: Buffer;
  sizeBytes: number;
  /** The format the bytes show, whatever the label said (application/octet-stream: none we know). */
  format: string;
  /** Pages counted in the document as it streamed in (F7), null when its format does not tell. */
  pages: number | null;
  /**
   * SHA-256 of the plaintext, in memory only: it is never stored (review M6), only a keyed hash of
   * it, briefly, to recognise a resent document (repeated-submission.ts).
   */
  sha256: string;
}

function decompressor(compression: string): NodeJS.ReadWriteStream | null {
  if (compression === "none") return null;
  // CUPS's "deflate" is raw deflate (no zlib header), "gzip" is gzip.
  if (compression === "deflate") return createInflateRaw();
  if (compression === "gzip") return createGunzip();
  throw new PrintvaktError("compression-not-supported", `compression ${compression} is not supported`);
}

export async function receiveDocument(spool: SpoolStore, body: Readable, options: { compression: string; declaredFormat: string; maxBytes: number; jobKey?: Buffer; signal?: AbortSignal }): Promise<ReceivedDocument> {
  const inflate = decompressor(options.compression);
  const source = inflate ? body.pipe(inflate as unknown as NodeJS.WritableStream) as unknown as Readable : body;
  if (inflate) body.on("error", (error) => (inflate as unknown as Readable).destroy(error));
  const jobKey = options.jobKey ?? newJobKey();
  // Sniffed and counted on the way in: the plaintext is never kept to look at afterwards.
  const inspector = new DocumentInspector();
  try {
    const written = await spool.writeJob(source, { jobKey, maxBytes: options.maxBytes, signal: options.signal, observe: (chunk) => inspector.push(chunk) });
    const { sniffedFormat, pages } = inspector.finish();
    return { spoolId: written.spoolId, jobKey, sizeBytes: written.plaintextBytes, format: receivedFormat(options.declaredFormat, sniffedFormat), pages, sha256: written.sha256 };
  } catch (error) {
    if (inflate && error instanceof Error && "code" in error && String((error as { code: unknown }).code).startsWith("Z_")) {
      throw new PrintvaktError("compression-error", "the compressed document data is corrupt");
    }
    throw error;
  }
}
