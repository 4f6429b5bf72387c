// Releases jobs to an IPP/IPPS printer: probe its capabilities, Print-Job with the document streamed, follow the job to its end.
import { setTimeout as sleep } from "node:timers/promises";
import { PrintvaktError } from "../../core/errors.js";
import { encodeIppMessage } from "../../core/ipp/codec/encode.js";
import { IppStatus, isSuccessfulStatus } from "../../core/ipp/codec/status.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppMessage, IppVersion } from "../../core/ipp/codec/types.js";
import { resolveDocumentFormat } from "../../core/documents/format-sniffer.js";
import { printerStatusFromResponse, supportedFormat } from "./ipp-capabilities.js";
import { ippAddressFor, type IppAddress } from "./ipp-endpoint.js";
import {
  findValues,
  getJobAttributesRequest,
  getPrinterAttributesRequest,
  integersOf,
  printJobRequest,
  stringsOf,
  unsupportedAttributeNames,
  type RequestEnvelope,
} from "./ipp-messages.js";
import { errorForStatus } from "./ipp-status.js";
import { exchangeIpp, type IppExchange, type TransportOptions } from "./ipp-transport.js";
import { mapJobTemplate } from "./job-template.js";
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from "./retry.js";
import { DEFAULT_STEP_LIMITS } from "./step-limits.js";
import { unreachableStatus, type OutgoingJob, type PrinterDriver, type PrinterStatus, type SubmitProgress, type SubmitResult } from "./printer-driver.js";

/**
 * Longest time a release follows a job after the printer accepted it. The printer's queue waits on
 * this, so a job the printer keeps "processing" holds other people up at most this long (it was
 * 15 min). The printer accepted the bytes, so the job ends released as "sent" with reason
 * printvakt-tracking-timed-out, not "may have printed": the document is the printer's now.
 */
export const DEFAULT_JOB_TRACKING_MS = 2 * 60_000;

export interface IppPrinterOptions extends Partial<TransportOptions> {
  retry?: Partial<RetryPolicy>;
  /** Wait between Get-Job-Attributes polls. */
  pollIntervalMs?: number;
  /** Longest time to follow a job after the printer accepted it; then the result is "sent". */
  jobTimeoutMs?: number;
  /** Our own ceiling on document size, on top of the printer's job-k-octets-supported. */
  maxJobBytes?: number;
  /** requesting-user-name for probes and polls when no job is at hand. */
  serviceUserName?: string;
}

const DEFAULT_TRANSPORT: Readonly<TransportOptions> = Object.freeze({
  ...DEFAULT_STEP_LIMITS,
  acceptSelfSigned: false,
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 60_000,
  maxResponseBytes: 1024 * 1024,
});

/** Tried in order; a printer that answers server-error-version-not-supported gets the next one. */
const IPP_VERSIONS: readonly IppVersion[] = [
  { major: 2, minor: 0 },
  { major: 1, minor: 1 },
];

/** job-state values (RFC 8011 §5.3.7) that end a job, and what the release reports for them. */
const FINAL_JOB_STATES: ReadonlyMap<number, "canceled" | "aborted" | "completed"> = new Map([
  [7, "canceled"],
  [8, "aborted"],
  [9, "completed"],
]);

const JOB_NOT_FOUND = IppStatus.clientErrorNotFound;

/**
 * How long printer attributes asked for ahead of a job (expectJob) stand in for the
 * Get-Printer-Attributes submit sends first. A release asks while its claim is being written, a few
 * milliseconds before submit; a job that then waits longer (its printer busy with someone else's)
 * asks again, so a printer that stopped accepting jobs meanwhile is still seen before any byte goes.
 */
export const STATUS_AHEAD_MAX_AGE_MS = 2_000;

export class IppPrinter implements PrinterDriver {
  readonly #address: IppAddress;
  readonly #transport: TransportOptions;
  readonly #retry: RetryPolicy;
  readonly #pollIntervalMs: number;
  readonly #jobTimeoutMs: number;
  readonly #maxJobBytes: number | undefined;
  readonly #serviceUserName: string;
  #versionIndex = 0;
  #nextRequestId = 1;
  #statusAhead: { askedAt: number; status: Promise<PrinterStatus> } | undefined;

  constructor(uri: URL, options: IppPrinterOptions = {}) {
    this.#address = ippAddressFor(uri);
    const { retry, pollIntervalMs, jobTimeoutMs, maxJobBytes, serviceUserName, ...transport } = options;
    this.#transport = { ...DEFAULT_TRANSPORT, ...withoutUndefined(transport) };
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...withoutUndefined(retry ?? {}) };
    this.#pollIntervalMs = pollIntervalMs ?? 2_000;
    this.#jobTimeoutMs = jobTimeoutMs ?? DEFAULT_JOB_TRACKING_MS;
    this.#maxJobBytes = maxJobBytes;
    this.#serviceUserName = serviceUserName ?? "printvakt";
  }

  /** One Get-Printer-Attributes; an unreachable or garbled printer is reported, not thrown. */
  async probe(signal?: AbortSignal): Promise<PrinterStatus> {
    try {
      return await this.#getPrinterStatus(signal);
    } catch (error) {
      if (error instanceof PrintvaktError && error.code === "unavailable") {
        return unreachableStatus(String(error.details?.["reason"] ?? "printer-unreachable"));
      }
      throw error;
    }
  }

  expectJob(): void {
    // Fifty kiosks releasing to one printer at once ask once: a printer with a few connection slots
    // would refuse or reset the rest. The answer serves the next submit; the others ask in turn.
    const ahead = this.#statusAhead;
    if (ahead !== undefined && Date.now() - ahead.askedAt <= STATUS_AHEAD_MAX_AGE_MS) return;
    const status = this.#getPrinterStatus();
    // A failure is submit's to meet again (with its retries), not this caller's.
    status.catch(() => undefined);
    this.#statusAhead = { askedAt: Date.now(), status };
  }

  /** The attributes asked for ahead of this job, if asked recently; each answer serves one job. */
  #takeStatusAhead(): Promise<PrinterStatus> | undefined {
    const ahead = this.#statusAhead;
    this.#statusAhead = undefined;
    return ahead !== undefined && Date.now() - ahead.askedAt <= STATUS_AHEAD_MAX_AGE_MS ? ahead.status : undefined;
  }

  async submit(job: OutgoingJob, signal?: AbortSignal): Promise<SubmitResult> {
    const report = progressReporter(job);
    const onRetry = (attempt: number, delayMs: number, error: PrintvaktError) =>
      report({ stage: "retrying", attempt, delayMs, reason: String(error.details?.["reason"] ?? error.message) });

    // One time budget for the whole wait: a printer offline for the probe and then busy for the
    // Print-Job is not given twice the configured time.
    const retryingSince = Date.now();
    const ahead = this.#takeStatusAhead();
    // The answer asked for ahead is the first attempt; a failed one is retried as any other.
    const status = await withRetry((attempt) => (attempt === 1 && ahead !== undefined ? ahead : this.#getPrinterStatus(signal)), this.#retry, onRetry, signal, retryingSince);
    const documentFormat = this.#checkDocument(job, status);
    const template = mapJobTemplate(job.template, status);
    const envelope = this.#envelope(job.userName);
    const header = encodeIppMessage(printJobRequest(envelope, { jobName: job.jobName, documentFormat, template: template.attributes }));

    const exchange = await withRetry(
      async (attempt) => {
        // Recorded while the connection opens and the document's first chunk is read; reported "sending" before any octet leaves.
        const beforeWrite = async () => {
          await job.beforeSending?.();
          report({ stage: "sending", attempt });
        };
        const sent = await exchangeIpp(this.#address.endpoint, header, () => job.openBody(), this.#transport, signal, beforeWrite);
        if (!isSuccessfulStatus(sent.response.code)) throw errorForStatus(sent.response.code, "Print-Job");
        return sent;
      },
      this.#retry,
      onRetry,
      signal,
      retryingSince,
    );

    const reasons = [...template.notes, ...unsupportedAttributeNames(exchange.response).map((name) => `${name}-ignored-by-printer`)];
    const printerJobId = integersOf(findValues(exchange.response, GroupTag.job, "job-id"))[0];
    report({ stage: "sent", bytesSent: exchange.bytesSent, printerJobId: printerJobId ?? null });
    const result = { bytesSent: exchange.bytesSent, documentFormat };
    if (printerJobId === undefined) return { ...result, printerJobId: null, finalState: "sent", reasons: [...reasons, "printer-returned-no-job-id"] };
    const outcome = await this.#followJob(printerJobId, job.userName, exchange, report, signal);
    return { ...result, printerJobId, finalState: outcome.finalState, reasons: [...reasons, ...outcome.reasons] };
  }

  /** The format to send, in the printer's spelling; refuses what the printer cannot take, before any byte goes out. */
  #checkDocument(job: OutgoingJob, status: PrinterStatus): string {
    const wanted = resolveDocumentFormat(job.documentFormat, job.head);
    const documentFormat = supportedFormat(wanted, status.formats);
    if (documentFormat === undefined) {
      throw new PrintvaktError("unsupported", `the printer does not support ${wanted}`, {
        userMessage: "This printer cannot print this kind of document.",
        details: { reason: "document-format-not-supported", documentFormat: wanted },
      });
    }
    const limits = [status.maxJobBytes, this.#maxJobBytes].filter((limit): limit is number => limit !== undefined);
    if (limits.some((limit) => job.sizeBytes > limit)) {
      throw new PrintvaktError("unsupported", `the document (${job.sizeBytes} bytes) is larger than the printer accepts (${Math.min(...limits)} bytes)`, {
        userMessage: "This document is too large for this printer.",
        details: { reason: "document-too-large", sizeBytes: job.sizeBytes, maxJobBytes: Math.min(...limits) },
      });
    }
    if (status.acceptingJobs === false) {
      throw new PrintvaktError("unavailable", "printer is not accepting jobs", {
        userMessage: "The printer is not available right now.",
        details: { reason: "printer-not-accepting-jobs" },
      });
    }
    return documentFormat;
  }

  async #getPrinterStatus(signal?: AbortSignal): Promise<PrinterStatus> {
    for (;;) {
      const request = getPrinterAttributesRequest(this.#envelope(this.#serviceUserName));
      const { response } = await exchangeIpp(this.#address.endpoint, encodeIppMessage(request), null, this.#transport, signal);
      const olderVersionLeft = this.#versionIndex + 1 < IPP_VERSIONS.length;
      if (response.code === IppStatus.serverErrorVersionNotSupported && olderVersionLeft) {
        this.#versionIndex += 1;
        continue;
      }
      if (!isSuccessfulStatus(response.code)) throw errorForStatus(response.code, "Get-Printer-Attributes");
      return printerStatusFromResponse(response);
    }
  }

  /**
   * Polls Get-Job-Attributes until the job ends. The job has left Printvakt by now, so nothing here
   * throws: a timeout, an abort or a printer that forgot the job gives "sent" with a reason.
   */
  async #followJob(
    jobId: number,
    userName: string,
    accepted: IppExchange,
    report: (event: SubmitProgress) => void,
    signal?: AbortSignal,
  ): Promise<{ finalState: SubmitResult["finalState"]; reasons: string[] }> {
    const deadline = Date.now() + this.#jobTimeoutMs;
    let answer: IppMessage = accepted.response;
    let lastSeen = "";
    for (;;) {
      const state = integersOf(findValues(answer, GroupTag.job, "job-state"))[0];
      const reasons = stringsOf(findValues(answer, GroupTag.job, "job-state-reasons")).filter((reason) => reason !== "none");
      const finalState = state === undefined ? undefined : FINAL_JOB_STATES.get(state);
      if (finalState !== undefined) {
        report({ stage: finalState, printerJobId: jobId, reasons });
        return { finalState, reasons };
      }
      const seen = `${state}:${reasons.join(",")}`;
      if (state !== undefined && seen !== lastSeen) report({ stage: "processing", printerJobId: jobId, jobState: state, reasons });
      lastSeen = seen;

      if (Date.now() + this.#pollIntervalMs > deadline) return { finalState: "sent", reasons: [...reasons, "printvakt-tracking-timed-out"] };
      try {
        await sleep(this.#pollIntervalMs, undefined, signal ? { signal } : {});
      } catch {
        return { finalState: "sent", reasons: [...reasons, "printvakt-tracking-aborted"] };
      }
      const polled = await this.#pollJob(jobId, userName, signal);
      if (polled === "not-found") return { finalState: "sent", reasons: [...reasons, "printer-forgot-job"] };
      if (polled !== "failed") answer = polled;
    }
  }

  /** One Get-Job-Attributes; a failed poll is tried again at the next interval. */
  async #pollJob(jobId: number, userName: string, signal?: AbortSignal): Promise<IppMessage | "not-found" | "failed"> {
    try {
      const request = getJobAttributesRequest(this.#envelope(userName), jobId);
      const { response } = await exchangeIpp(this.#address.endpoint, encodeIppMessage(request), null, this.#transport, signal);
      if (response.code === JOB_NOT_FOUND) return "not-found";
      return isSuccessfulStatus(response.code) ? response : "failed";
    } catch {
      return "failed";
    }
  }

  #envelope(userName: string): RequestEnvelope {
    const version = IPP_VERSIONS[this.#versionIndex] ?? { major: 1, minor: 1 };
    const requestId = this.#nextRequestId;
    this.#nextRequestId = (this.#nextRequestId % 0x7fff_ffff) + 1;
    return { version, requestId, printerUri: this.#address.printerUri, userName };
  }
}

/** Progress listeners are the caller's code: their failures must not break a release in flight. */
function progressReporter(job: OutgoingJob): (event: SubmitProgress) => void {
  return (event) => {
    try {
      job.onProgress?.(event);
    } catch {
      // Deliberately ignored: progress is informational.
    }
  };
}

function withoutUndefined<Value extends object>(value: Value): Partial<Value> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<Value>;
}
