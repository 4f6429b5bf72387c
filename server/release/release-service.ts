// Releases held jobs to a kiosk's printer, exactly once: held → releasing (an atomic claim, so two
// taps or two kiosks cannot both win) → the printer's queue → released (key and file destroyed),
// back to held when the printer certainly has nothing, or may-have-printed when that is unknown.
// A may-have-printed job is claimed again only when its owner confirmed it at a screen kiosk.
import type { SubmitResult } from "../../drivers/printers/printer-driver.js";
import { notAppliedNote } from "./template-notes.js";
import type { JobEnd } from "../../core/release-finished.js";
import type { JsonValue } from "../audit/entry.js";
import type { AppContext } from "../app-context.js";
import { socketCodeOf } from "../../core/error-answers.js";
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import type { PinGuard } from "../identity/pin-guard.js";
import { destroyJobAndFile } from "../jobs/destroy-job.js";
import { openJobKey, openJobTitle } from "../jobs/job-secrets.js";
import type { Logger } from "../logger.js";
import { canReleaseAtKiosk } from "../policy/release.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { appendAudit } from "../store/audit-log.js";
import { findJob, moveJob, recordRelease, type JobRecord } from "../store/jobs.js";
import { recordSendStarted } from "../store/release-claims.js";
import { findPrinterById, type PrinterRecord } from "../store/printers.js";
import type { Transaction } from "../store/database.js";
import { REPEATED, ReleaseWrites, type ReleaseRecord } from "./release-writes.js";
import { forwardedTemplate } from "./forwarded-template.js";
import type { PrinterFleet } from "./printer-fleet.js";
import { CONVERSION_UNAVAILABLE, fitForPrinter, type PrinterFit } from "./printer-fit.js";
import { prepareDocument, type PreparedDocument } from "./prepared-document.js";
import { DocumentConverter, converterSettings } from "../convert/document-converter.js";
import { mayHavePrinted } from "./unknown-outcome.js";
import { failureCodeOf } from "./failure-code.js";
import { printerWaitFor } from "./printer-wait.js";
import { recordUntilWritten } from "./record-until-written.js";

import type { ReleaseOutcome, ReleaseProgress, ReleaseRequest } from "./release-types.js";
export type { FailureCode, ReleaseMode, ReleaseOutcome, ReleaseProgress, ReleaseRequest } from "./release-types.js";

/** What the owner sees when the outcome could not be written: the truth, and who can help. */
export const UNRECORDED_REASON = "Printvakt could not record what happened to this job; ask an administrator before printing it again";

export class ReleaseService {
  readonly #converter: DocumentConverter;

  constructor(
    private readonly context: AppContext,
    private readonly spool: SpoolStore,
    private readonly fleet: PrinterFleet,
    private readonly pins: PinGuard,
    private readonly logger: Logger,
  ) {
    this.#converter = new DocumentConverter(converterSettings(context.config), logger, context.config.convertHoldBackBytes, context.config.convertConcurrency);
    // Checked at start, so the log says at once whether this host can convert.
    void this.#converter.available();
  }

  /**
   * Claims each job and queues it for the kiosk's printer. Answers as soon as the jobs are
   * claimed; printing continues in the background and reports through `onProgress`.
   * `finished` settles, never rejecting, when every accepted job has printed or failed, with where
   * each accepted job ended. With a `record` (release-writes.ts), the first write claims the
   * request's key (`repeated` and nothing done when it was claimed before) and the outcomes are
   * stored in the transaction that claims the last job, or in one of their own when it is not claimed.
   */
  async release(
    request: ReleaseRequest,
    jobIds: number[],
    onProgress: (event: ReleaseProgress) => void,
    record?: ReleaseRecord,
    alreadyRead?: ReadAhead,
  ): Promise<{ outcomes: ReleaseOutcome[]; finished: Promise<JobEnd[]>; repeated?: true; earlierAnswer?: string }> {
    const writes = new ReleaseWrites(this.context.db, record);
    const repeated = () => ({ outcomes: [], finished: Promise.resolve([]), repeated: true as const, earlierAnswer: writes.earlierAnswer });
    // The printer and the first job are read side by side (or were, with the person: alreadyRead);
    // each later job just before its claim.
    const [printer, firstJob] = alreadyRead
      ? [await this.#withCapabilities(alreadyRead.printer), alreadyRead.firstJob]
      : await Promise.all([findPrinterById(this.context.db, request.kiosk.printerId).then((found) => this.#withCapabilities(found)), jobIds.length > 0 ? findJob(this.context.db, jobIds[0]!) : null]);
    const outcomes: ReleaseOutcome[] = [];
    const sending: Promise<JobEnd>[] = [];
    let printerAsked = false;
    let answerRecorded = false;
    for (const [index, jobId] of jobIds.entries()) {
      const job = index === 0 ? firstJob : await findJob(this.context.db, jobId);
      const confirmed = request.mode === "screen" && request.confirmReprint === true;
      // Someone else's job and a missing one look the same.
      if (!job || !canReleaseAtKiosk(request.user.username, job, confirmed)) {
        const unconfirmed = job?.ownerName === request.user.username && job.state === "may-have-printed";
        outcomes.push({ jobId, outcome: unconfirmed ? "needs-confirmation" : "not-found" });
        continue;
      }
      if (job.pinHash) {
        if (request.pin === undefined) {
          outcomes.push({ jobId, outcome: "needs-pin" });
          continue;
        }
        if ((await writes.claimKey()) === REPEATED) return repeated();
        try {
          await this.pins.checkJobPin(request.user, job.pinHash, request.pin, { kiosk: request.kiosk.name, cardHash: request.cardHash });
        } catch (error) {
          const failure = toPrintvaktError(error);
          outcomes.push({ jobId, outcome: "needs-pin", reason: failure.userMessage, ...failure.answer });
          if (failure.code === "locked") break;
          continue;
        }
      }
      const fit = await this.#fit(job, printer);
      if ("refusal" in fit) {
        const code = socketCodeOf(fit.refusal.code);
        if ((await writes.write(this.#failureWork(job, request, printer, { code: fit.refusal.code, reason: fit.refusal.reason, heldCode: code }, null))) === REPEATED) return repeated();
        outcomes.push({ jobId, outcome: "failed", reason: fit.refusal.reason, code });
        continue;
      }
      // Where and when it went are kept from the claim on: if the outcome becomes unknown, the
      // owner is told "may already have printed at <printer> at <time>".
      const attempt = { jobId: job.id, ownerName: request.user.username, from: job.state, releasedAt: new Date(), printerId: printer!.id, kioskId: request.kiosk.id };
      // The printer's attributes, which the driver asks for before sending, come back while the claim is written.
      if (!printerAsked) this.fleet.driverFor(printer!).expectJob?.();
      printerAsked = true;
      const last = index === jobIds.length - 1;
      // The last job's claim stores the answer too, as it stands should this claim succeed; if it
      // does not, the answer (with "not-found") is written after the loop.
      const claim = await writes.claimJob(attempt, last && writes.keepsAnswer ? [...outcomes, { jobId, outcome: "accepted" }] : undefined);
      if (claim === REPEATED) return repeated();
      answerRecorded = claim.answerStored;
      if (!claim.claimed) {
        outcomes.push({ jobId, outcome: "not-found" });
        continue;
      }
      outcomes.push({ jobId, outcome: "accepted" });
      const reprint = job.state === "may-have-printed";
      const sent = this.fleet.enqueue(printer!.id, () => this.#send(job, { ...request, reprint }, printer!, fit, onProgress));
      // Nobody awaits a release in the background: an outcome that cannot be written (full disk,
      // database gone) must be logged here, not become an unhandled rejection that stops the server.
      sending.push(sent.catch((error) => this.#unrecorded(job, error, onProgress)));
    }
    if (writes.keepsAnswer && !answerRecorded && (await writes.write((tx) => writes.recordAnswer(tx, outcomes))) === REPEATED) return repeated();
    return { outcomes, finished: Promise.all(sending) };
  }

  /**
   * The outcome of a claimed job could not be recorded. The job stays releasing, which nobody can
   * claim again, and start-up recovery makes it may-have-printed: never held again by guesswork.
   */
  #unrecorded(job: JobRecord, error: unknown, onProgress: (event: ReleaseProgress) => void): JobEnd {
    this.logger.error({ jobId: job.id, err: toPrintvaktError(error).message }, "the outcome of a release could not be recorded; the job stays releasing until the next start");
    onProgress({ jobId: job.id, state: "failed", reason: UNRECORDED_REASON, code: "unrecorded" });
    return { jobId: job.id, result: "may-have-printed", reason: UNRECORDED_REASON };
  }

  /**
   * The kiosk's printer; an IPP printer that never told what it takes is asked now (briefly: the
   * kiosk waits for the answer), before anything is decided. A raw port cannot tell, so it is not asked.
   */
  async #withCapabilities(printer: PrinterRecord | null): Promise<PrinterRecord | null> {
    if (!printer || Array.isArray(printer.capabilities.formats) || !/^(ipps?|https?):/.test(printer.uri)) return printer;
    await this.fleet.refresh(printer, 3_000).catch((error: unknown) => this.logger.warn({ printer: printer.name, err: String(error) }, "printer status check failed"));
    return findPrinterById(this.context.db, printer.id);
  }

  async #fit(job: JobRecord, printer: PrinterRecord | null): Promise<PrinterFit> {
    if (!printer) return { refusal: { code: "unsupported", reason: "This kiosk has no printer" } };
    const fit = fitForPrinter(job, printer);
    if ("plan" in fit && fit.plan.kind === "convert" && !(await this.#converter.available())) return { refusal: CONVERSION_UNAVAILABLE };
    return fit;
  }

  async #send(job: JobRecord, request: ClaimedRelease, printer: PrinterRecord, { plan, paper }: Extract<PrinterFit, { plan: unknown }>, onProgress: (event: ReleaseProgress) => void): Promise<JobEnd> {
    const started = Date.now();
    let sendingStarted = false;
    let sendMarked = false;
    let unmarking: Promise<unknown> = Promise.resolve();
    let waiting = false;
    onProgress({ jobId: job.id, state: "sending" });
    let result: SubmitResult;
    let document: PreparedDocument | undefined;
    try {
      const jobKey = openJobKey(this.context.masterKey, job);
      if (!jobKey || !job.spoolId) throw new PrintvaktError("internal", "job key or document missing");
      const title = openJobTitle(this.context.masterKey, job) ?? `Job ${job.id}`;
      const preparing = Date.now();
      document = await prepareDocument(plan, () => this.spool.openJob(job.spoolId!, jobKey), job.sizeBytes, this.#converter);
      if (plan.kind === "convert") this.logger.info({ jobId: job.id, printer: printer.name, from: plan.from, to: plan.target, grey: plan.grey, paper: paper?.media, preparedMs: Date.now() - preparing }, "converting for the printer");
      result = await this.fleet.driverFor(printer).submit({
        jobName: title,
        userName: job.ownerName,
        documentFormat: document.documentFormat,
        sizeBytes: document.sizeBytes,
        sizeExact: document.sizeExact,
        head: Buffer.alloc(0),
        template: forwardedTemplate(job.template, paper),
        openBody: document.openBody,
        // From the first byte that may leave, a crash means "may have printed"; a printer that then
        // refused before taking anything (busy: the driver retries) lifts the mark again, so a
        // crash while waiting for it leaves the job held.
        beforeSending: async () => {
          await unmarking;
          if (sendMarked) return;
          if (!(await recordSendStarted(this.context.db, job.id))) throw new PrintvaktError("internal", "the job is no longer being released");
          sendMarked = true;
        },
        onProgress: (event) => {
          if (event.stage === "retrying") {
            if (sendMarked) {
              sendMarked = false;
              // Not lifted (a failed write) only leaves the job pessimistically "may have printed".
              unmarking = recordSendStarted(this.context.db, job.id, false).catch((error) => this.logger.warn({ jobId: job.id, err: toPrintvaktError(error).message }, "could not record that the printer took nothing"));
            }
            if (!waiting) this.logger.info({ jobId: job.id, printer: printer.name, reason: event.reason }, "printer not ready; the release waits and tries again");
            waiting = true;
            onProgress({ jobId: job.id, state: "waiting", reason: printerWaitFor(event.reason), retryAt: new Date(Date.now() + event.delayMs).toISOString() });
          }
          if (event.stage !== "sending") return;
          sendingStarted = true;
          // Back from waiting: the kiosk shows "sending" again.
          if (waiting) onProgress({ jobId: job.id, state: "sending" });
          waiting = false;
        },
      });
    } catch (error) {
      const failure = toPrintvaktError(error);
      if (failure.code === "internal") this.logger.error({ jobId: job.id, err: failure.message }, "release failed");
      const unknown = mayHavePrinted(failure, sendingStarted);
      const reason = unknown ? MAY_HAVE_PRINTED_REASON : reasonFor(failure);
      const code = failureCodeOf(failure, unknown);
      await this.#recordFailure(job, request, printer, { code: failure.code, reason, heldCode: code }, unknown ? "may-have-printed" : "held");
      onProgress({ jobId: job.id, state: "failed", reason, code });
      this.#refreshAfterFailure(printer);
      return { jobId: job.id, result: unknown ? "may-have-printed" : "failed", reason };
    } finally {
      document?.discard();
    }
    if (result.finalState === "aborted" || result.finalState === "canceled") {
      const reason = `The printer stopped the job (${result.reasons.join(", ") || result.finalState})`;
      await this.#recordFailure(job, request, printer, { code: "unavailable", reason, heldCode: "printer-stopped-job", printerStatus: result.finalState }, "held");
      onProgress({ jobId: job.id, state: "failed", reason, code: "printer-stopped-job" });
      this.#refreshAfterFailure(printer);
      return { jobId: job.id, result: "failed", reason };
    }
    // The printer has the job: from here on a failure to record it must never make it held again.
    const durationMs = Date.now() - started;
    await recordUntilWritten(() => this.#recordReleased(job, request, printer, result, durationMs), job.id, this.logger);
    const note = notAppliedNote(result.reasons);
    onProgress({ jobId: job.id, state: "printed", ...(note === undefined ? {} : { reason: note }) });
    return { jobId: job.id, result: "printed" };
  }

  /**
   * A failed print usually means the printer changed (paper out, jammed, switched off): ask it now,
   * so its kiosks show why at once instead of a stale "ready" until the next poll (review K9).
   */
  #refreshAfterFailure(printer: PrinterRecord): void {
    void this.fleet.refresh(printer, 5_000).catch((error: unknown) => this.logger.warn({ printer: printer.name, err: String(error) }, "printer status check after a failed release failed"));
  }

  async #recordReleased(job: JobRecord, request: ClaimedRelease, printer: PrinterRecord, result: SubmitResult, durationMs: number): Promise<void> {
    const details: Record<string, JsonValue> = {
      kiosk: request.kiosk.name,
      printer: printer.name,
      sizeBytes: job.sizeBytes,
      copies: (job.template.copies as number | undefined) ?? 1,
      durationMs,
      finalState: result.finalState,
      mode: request.mode,
      // Which card opened the session (keyed hash): the incident view says "by card …1168".
      cardHash: request.cardHash,
    };
    if (result.printerJobId !== null) details.printerJobId = result.printerJobId;
    if (result.documentFormat.toLowerCase() !== (job.sniffedFormat ?? job.documentFormat).toLowerCase()) details.convertedTo = result.documentFormat;
    if (request.reprint) details.reprint = true;
    await destroyJobAndFile(this.context.db, this.spool, this.logger, {
      jobId: job.id,
      from: ["releasing"],
      to: "released",
      stateReason: "",
      audit: { type: "job.released", actor: `user:${job.ownerName}`, details },
      alsoInTransaction: (tx) => recordRelease(tx, job.id, { printerId: printer.id, kioskId: request.kiosk.id, printerJobId: result.printerJobId }),
    });
  }

  /**
   * Moves a claimed job to `to` (held: the printer has nothing; may-have-printed: unknown) with the
   * reason, its code (heldCode, worded by screens in the person's language) and the audit entry, in
   * one transaction. `to` null: the job was never claimed; a held one keeps the reason all the same,
   * so the next badge still says why (review F16).
   */
  async #recordFailure(job: JobRecord, request: ReleaseRequest, printer: PrinterRecord | null, failure: ReleaseFailure, to: "held" | "may-have-printed" | null): Promise<void> {
    await this.context.db.write(this.#failureWork(job, request, printer, failure, to));
  }

  /** The transaction's work for #recordFailure. */
  #failureWork(job: JobRecord, request: ReleaseRequest, printer: PrinterRecord | null, failure: ReleaseFailure, to: "held" | "may-have-printed" | null): (tx: Transaction) => Promise<void> {
    const reason = failure.reason.slice(0, 200);
    const kept = { stateReason: reason, stateReasonCode: failure.heldCode };
    return async (tx) => {
      if (to === "held") await moveJob(tx, job.id, "releasing", "held", { ...kept, releasedAt: null, releasedPrinterId: null, releasedKioskId: null });
      if (to === "may-have-printed") await moveJob(tx, job.id, "releasing", "may-have-printed", kept);
      if (to === null && job.state === "held") await moveJob(tx, job.id, "held", "held", kept);
      const details: Record<string, JsonValue> = { kiosk: request.kiosk.name, printer: printer?.name ?? "", errorCode: failure.code, reason, mode: request.mode };
      if (to === "may-have-printed") {
        await appendAudit(tx, { type: "job.release-unknown", actor: `user:${job.ownerName}`, subject: `job:${job.id}`, details });
        return;
      }
      details.jobKept = true;
      if (failure.printerStatus) details.printerStatus = failure.printerStatus;
      await appendAudit(tx, { type: "job.release-failed", actor: `user:${job.ownerName}`, subject: `job:${job.id}`, details });
    };
  }
}

type ReleaseFailure = { code: string; reason: string; heldCode: string; printerStatus?: string };

type ClaimedRelease = ReleaseRequest & { reprint: boolean };

/** The kiosk's printer and the first job asked for, read by the caller with the person (server/store/release-reads.ts). */
export interface ReadAhead {
  printer: PrinterRecord | null;
  firstJob: JobRecord | null;
}

/** The stateReason of a may-have-printed job; the kiosk adds where and when from the job's record. */
export const MAY_HAVE_PRINTED_REASON = "The printer may already have printed this job";

function reasonFor(failure: PrintvaktError): string {
  if (failure.code === "unavailable") return `The printer cannot be reached or is busy: ${failure.userMessage}`;
  if (failure.code === "unsupported" || failure.code.startsWith("conversion-")) return `The printer cannot print this document: ${failure.userMessage}`;
  return "Printing failed";
}
