// Development printer (file:///dir): writes each released document into a directory, with a JSON sidecar of its attributes.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import { OCTET_STREAM, SNIFFABLE_FORMATS, resolveDocumentFormat } from "../../core/documents/format-sniffer.js";
import { pickJobTemplate } from "./job-template.js";
import type { OutgoingJob, PrinterDriver, PrinterStatus, SubmitResult } from "./printer-driver.js";

/** Released documents are personal data: only the service's own user may read them. */
const FILE_MODE = 0o600;

const EXTENSIONS: Readonly<Record<string, string>> = {
  "application/pdf": ".pdf",
  "application/pclm": ".pclm",
  "image/pwg-raster": ".pwg",
  "application/vnd.cups-raster": ".ras",
  "image/urf": ".urf",
  "image/jpeg": ".jpg",
  "image/png": ".png",
  "image/tiff": ".tiff",
  "application/postscript": ".ps",
  "application/vnd.hp-pcl": ".pcl",
  "application/vnd.hp-pclxl": ".pxl",
};

/** What the sidecar JSON holds; tests and developers read it to see what a real printer would have been asked. */
export interface FileSinkRecord {
  document: string;
  jobName: string;
  userName: string;
  documentFormat: string;
  declaredFormat: string;
  declaredSizeBytes: number;
  bytesWritten: number;
  template: OutgoingJob["template"];
  releasedAt: string;
}

export interface FileSinkPrinterOptions {
  /** For tests that want stable names. */
  clock?: () => Date;
}

export class FileSinkPrinter implements PrinterDriver {
  readonly #directory: string;
  readonly #clock: () => Date;

  constructor(directory: string, options: FileSinkPrinterOptions = {}) {
    this.#directory = directory;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Reachable when the directory exists and a file can really be created in it (root passes every access() check). */
  async probe(): Promise<PrinterStatus> {
    try {
      if (!(await stat(this.#directory)).isDirectory()) throw new Error("not a directory");
      const probeDirectory = await mkdtemp(path.join(this.#directory, ".printvakt-probe-"));
      await rm(probeDirectory, { recursive: true });
    } catch {
      return { ...acceptsEverything(), reachable: false, state: "unknown", stateReasons: ["sink-directory-not-writable"] };
    }
    return acceptsEverything();
  }

  async submit(job: OutgoingJob, signal?: AbortSignal): Promise<SubmitResult> {
    const documentFormat = resolveDocumentFormat(job.documentFormat, job.head);
    const releasedAt = this.#clock();
    const baseName = `${releasedAt.toISOString().replace(/[-:.]/g, "")}-${randomBytes(4).toString("hex")}`;
    const documentName = baseName + (EXTENSIONS[documentFormat.toLowerCase()] ?? ".bin");
    const documentPath = path.join(this.#directory, documentName);
    // Written under a dot-name and renamed when whole, so nobody watching the directory sees half a document.
    const partialPath = path.join(this.#directory, `.${documentName}.part`);

    await job.beforeSending?.();
    job.onProgress?.({ stage: "sending", attempt: 1 });
    let bytesWritten = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytesWritten += chunk.length;
        callback(null, chunk);
      },
    });
    let sourceError: unknown;
    try {
      const body = job.openBody();
      body.once("error", (error) => {
        sourceError ??= error;
      });
      await pipeline(body, counter, createWriteStream(partialPath, { flags: "wx", mode: FILE_MODE }), signal ? { signal } : {});
      await rename(partialPath, documentPath);
    } catch (error) {
      await unlink(partialPath).catch(() => undefined);
      // A failing document stream (decryption, ...) is the caller's to judge; only our own writing is "unavailable".
      if (sourceError !== undefined) throw toPrintvaktError(sourceError);
      throw sinkFailure(error, signal?.aborted === true);
    }

    const record: FileSinkRecord = {
      document: documentName,
      jobName: job.jobName,
      userName: job.userName,
      documentFormat,
      declaredFormat: job.documentFormat,
      declaredSizeBytes: job.sizeBytes,
      bytesWritten,
      template: pickJobTemplate(job.template),
      releasedAt: releasedAt.toISOString(),
    };
    try {
      await writeFile(path.join(this.#directory, `${baseName}.json`), `${JSON.stringify(record, null, 2)}\n`, { flag: "wx", mode: FILE_MODE });
    } catch (error) {
      throw sinkFailure(error, false);
    }
    job.onProgress?.({ stage: "sent", bytesSent: bytesWritten, printerJobId: null });
    return { printerJobId: null, finalState: "sent", reasons: [], bytesSent: bytesWritten, documentFormat };
  }
}

function sinkFailure(error: unknown, aborted: boolean): PrintvaktError {
  const code = (error as { code?: unknown } | null)?.code;
  return new PrintvaktError("unavailable", `file sink could not write the document (${typeof code === "string" ? code : "unknown error"})`, {
    userMessage: "The printer is not available right now.",
    details: { reason: aborted ? "aborted" : "sink-write-failed" },
    cause: error,
  });
}

/** A sink takes any document and any template; it records them rather than printing. */
function acceptsEverything(): PrinterStatus {
  return {
    reachable: true,
    state: "idle",
    stateReasons: [],
    formats: [OCTET_STREAM, ...SNIFFABLE_FORMATS],
    sides: ["one-sided", "two-sided-long-edge", "two-sided-short-edge"],
    media: [],
    copiesMax: 999,
    colorModes: ["monochrome", "color"],
    printQualities: [3, 4, 5],
    orientations: [3, 4, 5, 6],
    pageRangesSupported: true,
    multipleDocumentHandling: ["separate-documents-collated-copies", "separate-documents-uncollated-copies"],
    outputBins: ["face-down", "face-up"],
    printScalings: ["auto", "auto-fit", "fill", "fit", "none"],
    numberUp: [1, 2, 4, 6, 9, 16],
    resolutions: [300, 600].map((dpi) => ({ x: dpi, y: dpi, units: 3 })),
    makeAndModel: "Printvakt file sink",
  };
}
