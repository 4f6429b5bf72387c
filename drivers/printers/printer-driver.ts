// The contract every printer adapter (IPP, raw TCP 9100, LPD, development file sink) fulfils for release.
import type { Readable } from "node:stream";

/**
 * Job template attributes a release may ask for. Only these names are ever forwarded: anything
 * else on the object (for example a `job-hold-until` or `job-password` that slipped through) is
 * ignored by every driver, because forwarding a hold or a PIN would hold the job a second time at
 * the printer.
 */
export interface JobTemplate {
  copies?: number;
  sides?: string;
  media?: string;
  /** The paper's size in hundredths of mm; sent as media-col when the printer has no keyword `media`. */
  "media-size"?: { x: number; y: number };
  "print-color-mode"?: string;
  /** 3 draft, 4 normal, 5 high. */
  "print-quality"?: number;
  /** 3 portrait, 4 landscape, 5 reverse-landscape, 6 reverse-portrait. */
  "orientation-requested"?: number;
  /** 1-based inclusive page ranges. */
  "page-ranges"?: ReadonlyArray<{ lower: number; upper: number }>;
  /** Collation of copies: separate-documents-collated-copies (sets) or -uncollated-copies (stacks). */
  "multiple-document-handling"?: string;
  "output-bin"?: string;
  "print-scaling"?: string;
  /** Pages per side. */
  "number-up"?: number;
  /** units: 3 dots per inch, 4 dots per centimetre. */
  "printer-resolution"?: { x: number; y: number; units: number };
}

export type SubmitProgress =
  | { stage: "sending"; attempt: number }
  | { stage: "retrying"; attempt: number; delayMs: number; reason: string }
  | { stage: "sent"; bytesSent: number; printerJobId: number | null }
  | { stage: "processing"; printerJobId: number; jobState: number; reasons: string[] }
  | { stage: "completed" | "aborted" | "canceled"; printerJobId: number; reasons: string[] };

export interface OutgoingJob {
  jobName: string;
  userName: string;
  /** As the client declared it; `application/octet-stream` is sniffed from `head` before sending. */
  documentFormat: string;
  /** Plaintext size in bytes, as far as it is known; compared with the printer's job size limit. */
  sizeBytes: number;
  /** sizeBytes is the exact length of every body (LPD announces the length before the first byte). */
  sizeExact?: boolean;
  /** The first bytes of the plaintext (a few KiB is plenty), for format sniffing. */
  head: Buffer;
  template: JobTemplate;
  /** A fresh plaintext stream from the first byte on every call, so that a retry can start over. */
  openBody(): Readable;
  /**
   * Awaited before each attempt whose document bytes may reach the printer, and before "sending"
   * is reported: the caller records durably that the outcome is unknown from here on, so a crash
   * while the job only waited for its printer is known to have printed nothing. If it throws,
   * nothing is sent and the error is the submission's.
   */
  beforeSending?(): Promise<void>;
  onProgress?(event: SubmitProgress): void;
}

export type PrinterState = "idle" | "processing" | "stopped" | "unknown";

export interface PrinterStatus {
  reachable: boolean;
  state: PrinterState;
  stateReasons: string[];
  /** Document formats the printer accepts, spelled as the printer spells them (compare case-insensitively). */
  formats: string[];
  sides: string[];
  media: string[];
  /** Highest `copies` value; 1 when the printer cannot make copies itself. */
  copiesMax: number;
  colorModes: string[];
  printQualities: number[];
  orientations: number[];
  pageRangesSupported: boolean;
  /** What else the printer lists as supported (absent: it lists nothing, so nothing is sent). */
  multipleDocumentHandling?: string[];
  outputBins?: string[];
  printScalings?: string[];
  numberUp?: number[];
  resolutions?: Array<{ x: number; y: number; units: number }>;
  /** pwg-raster-document-resolution-supported: what a PWG raster document may be rendered at. */
  pwgRasterResolutions?: Array<{ x: number; y: number; units: number }>;
  /** urf-supported (Apple raster): its RS entry lists the URF resolutions. */
  urfSupported?: string[];
  /** The printer's own limit on a document's size, when it states one. */
  maxJobBytes?: number;
  makeAndModel?: string;
  acceptingJobs?: boolean;
}

export type FinalState = "completed" | "aborted" | "canceled" | "sent";

export interface SubmitResult {
  /** The printer's job-id; null where the transport has no jobs (raw socket, file sink). */
  printerJobId: number | null;
  /**
   * "sent" means the bytes were delivered but the end of the job could not be seen: the transport
   * has no job tracking, or tracking timed out / was aborted after the printer accepted the job.
   * Either way the job left Printvakt and must not be sent again.
   */
  finalState: FinalState;
  /** Printer job-state-reasons plus Printvakt notes such as `sides-not-supported-dropped`. */
  reasons: string[];
  /** Document bytes delivered (the IPP header not counted). */
  bytesSent: number;
  /** The document format actually sent, after sniffing. */
  documentFormat: string;
}

/**
 * Failures are thrown as PrintvaktError: "unavailable" (unreachable, busy beyond the retries, a
 * malformed or refused answer, aborted), "unsupported" (refused before any byte of the document was
 * sent: format, size or attribute the printer cannot do).
 */
export interface PrinterDriver {
  probe(signal?: AbortSignal): Promise<PrinterStatus>;
  submit(job: OutgoingJob, signal?: AbortSignal): Promise<SubmitResult>;
  /**
   * A job is about to be submitted (the caller is still recording its claim): a driver that asks
   * the printer something before every job may start asking now, so submit need not wait for the
   * round trip. Never throws; what it learns is only used while fresh.
   */
  expectJob?(): void;
}

/** A status for a printer that could not be reached; every capability empty. */
export function unreachableStatus(reason: string): PrinterStatus {
  return statusWithoutCapabilities(false, [reason]);
}

/** A status that knows nothing about what the printer can do (unreachable, or a raw port that cannot tell). */
export function statusWithoutCapabilities(reachable: boolean, stateReasons: string[], formats: string[] = []): PrinterStatus {
  return {
    reachable,
    state: "unknown",
    stateReasons,
    formats,
    sides: [],
    media: [],
    copiesMax: 1,
    colorModes: [],
    printQualities: [],
    orientations: [],
    pageRangesSupported: false,
  };
}
