// Builds OutgoingJob values for driver tests, counting how often the body was opened.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { OutgoingJob, SubmitProgress } from "../../../drivers/printers/printer-driver.js";

export interface TestJob extends OutgoingJob {
  bodiesOpened: () => number;
  progress: SubmitProgress[];
}

/** A job whose body is `document`, served in 64 KiB chunks like a decrypting file stream would. */
export function jobFromBuffer(document: Buffer, overrides: Partial<OutgoingJob> = {}): TestJob {
  let opened = 0;
  const progress: SubmitProgress[] = [];
  return {
    jobName: "Budget 2027.pdf",
    userName: "alice",
    documentFormat: "application/pdf",
    sizeBytes: document.length,
    sizeExact: true,
    head: document.subarray(0, 4096),
    template: {},
    openBody: () => {
      opened += 1;
      return Readable.from(chunks(document, 64 * 1024));
    },
    onProgress: (event) => progress.push(event),
    ...overrides,
    bodiesOpened: () => opened,
    progress,
  };
}

function* chunks(document: Buffer, size: number): Generator<Buffer> {
  for (let offset = 0; offset < document.length; offset += size) yield document.subarray(offset, offset + size);
}

/** A body that gives `goodBytes` and then fails, as a decryption stream does on a bad tag. */
export function failingBody(goodBytes: Buffer, error: Error): () => Readable {
  return () =>
    new Readable({
      read() {
        if (goodBytes.length > 0) {
          this.push(goodBytes);
          goodBytes = Buffer.alloc(0);
        } else {
          this.destroy(error);
        }
      },
    });
}

/** A small PDF with some random pages-worth of bytes after it, so byte-identity means something. */
export function samplePdf(extraBytes = 300_000): Buffer {
  const header = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n", "latin1");
  const filler = Buffer.alloc(extraBytes);
  for (let index = 0; index < filler.length; index += 1) filler[index] = (index * 2654435761) >>> 24;
  const trailer = Buffer.from("\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
  return Buffer.concat([header, Buffer.from("% "), filler, trailer]);
}

export function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
