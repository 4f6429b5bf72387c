// Releases held jobs to a kiosk's printer, exactly once: held → releasing (an atomic claim, so two
// taps or two kiosks cannot both win) → the printer's queue → released (key and file destroyed)
// or back to held with the reason, ready to be released again.
import type { SubmitResult } from "../../drivers/printers/printer-driver.js";
import type { JsonValue } from "../audit/entry.js";
import type { AppContext } from "../app-context.js";
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import type { PinGuard } from "../identity/pin-guard.js";
import { destroyJobAndFile } from "../jobs/destroy-job.js";
import { openJobKey, openJobTitle } from "../jobs/job-secrets.js";
import type { Logger } from "../logger.js";
import { canReleaseAtKiosk } from "../policy/release.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { appendAudit } from "../store/audit-log.js";
import { findJob, moveJob, recordRelease, type JobRecord } from "../store/jobs.js";
import type { KioskRecord } from "../store/kiosks.js";
import { findPrinterById, type PrinterRecord } from "../store/printers.js";
import type { UserRecord } from "../store/users.js";
import { forwardedTemplate } from "./forwarded-template.js";
import type { PrinterFleet } from "./printer-fleet.js";
import { refusalBeforeSending } from "./printer-fit.js";

export type ReleaseMode = "screen" | "release-on-badge";

export interface ReleaseRequest {
  user: UserRecord;
  kiosk: KioskRecord;
  /** The card that opened the session, for auditing PIN failures. */
  card: string;
  mode: ReleaseMode;
  /** For jobs that carry their own job-password. */
  pin?: string;
}

export type ReleaseProgress = { jobId: number; state: "sending" | "printed" | "failed"; reason?: string };

export interface ReleaseOutcome {
  jobId: number;
  outcome: "accepted" | "needs-pin" | "not-found" | "failed";
  reason?: string;
}

export class ReleaseService {
  constructor(
    private readonly context: AppContext,
    private readonly spool: SpoolStore,
    private readonly fleet: PrinterFleet,
    private readonly pins: PinGuard,
    private readonly logger: Logger,
  ) {}

  /**
   * Claims each job and queues it for the kiosk's printer. Answers as soon as the jobs are
   * claimed; printing continues in the background and reports through `onProgress`.
   * `finished` settles when every accepted job has printed or failed.
   */
  async release(request: ReleaseRequest, jobIds: number[], onProgress: (event: ReleaseProgress) => void): Promise<{ outcomes: ReleaseOutcome[]; finished: Promise<void> }> {
    const printer = await findPrinterById(this.context.db, request.kiosk.printerId);
    const outcomes: ReleaseOutcome[] = [];
    const sending: Promise<void>[] = [];
    for (const jobId of jobIds) {
      const job = await findJob(this.context.db, jobId);
      // Someone else's job and a missing one look the same.
      if (!job || !canReleaseAtKiosk(request.user.username, job)) {
        outcomes.push({ jobId, outcome: "not-found" });
        continue;
      }
      if (job.pinHash) {
        if (request.pin === undefined) {
          outcomes.push({ jobId, outcome: "needs-pin" });
          continue;
        }
        try {
          await this.pins.checkJobPin(request.user, job.pinHash, request.pin, { kiosk: request.kiosk.name, card: request.card });
        } catch (error) {
          const failure = toPrintvaktError(error);
          outcomes.push({ jobId, outcome: "needs-pin", reason: failure.userMessage });
          if (failure.code === "locked") break;
          continue;
        }
      }
      const refusal = printer ? refusalBeforeSending(job, printer) : "This kiosk has no printer";
      if (refusal) {
        await this.#recordFailure(job, request, printer, { code: "unsupported", reason: refusal }, false);
        outcomes.push({ jobId, outcome: "failed", reason: refusal });
        continue;
      }
      const claimed = await this.context.db.write((tx) => moveJob(tx, job.id, "held", "releasing", { stateReason: "" }));
      if (!claimed) {
        outcomes.push({ jobId, outcome: "not-found" });
        continue;
      }
      outcomes.push({ jobId, outcome: "accepted" });
      sending.push(this.fleet.enqueue(printer!.id, () => this.#send(job, request, printer!, onProgress)));
    }
    return { outcomes, finished: Promise.all(sending).then(() => undefined) };
  }

  async #send(job: JobRecord, request: ReleaseRequest, printer: PrinterRecord, onProgress: (event: ReleaseProgress) => void): Promise<void> {
    const started = Date.now();
    onProgress({ jobId: job.id, state: "sending" });
    try {
      const jobKey = openJobKey(this.context.masterKey, job);
      if (!jobKey || !job.spoolId) throw new PrintvaktError("internal", "job key or document missing");
      const title = openJobTitle(this.context.masterKey, job) ?? `Job ${job.id}`;
      const result = await this.fleet.driverFor(printer).submit({
        jobName: title,
        userName: job.ownerName,
        documentFormat: job.sniffedFormat ?? job.documentFormat,
        sizeBytes: job.sizeBytes,
        head: Buffer.alloc(0),
        template: forwardedTemplate(job.template),
        openBody: () => this.spool.openJob(job.spoolId!, jobKey),
      });
      if (result.finalState === "aborted" || result.finalState === "canceled") {
        const reason = `The printer stopped the job (${result.reasons.join(", ") || result.finalState})`;
        await this.#recordFailure(job, request, printer, { code: "unavailable", reason, printerStatus: result.finalState }, true);
        onProgress({ jobId: job.id, state: "failed", reason });
        return;
      }
      await this.#recordReleased(job, request, printer, result, Date.now() - started);
      onProgress({ jobId: job.id, state: "printed" });
    } catch (error) {
      const failure = toPrintvaktError(error);
      if (failure.code === "internal") this.logger.error({ jobId: job.id, err: failure.message }, "release failed");
      const reason = reasonFor(failure);
      await this.#recordFailure(job, request, printer, { code: failure.code, reason }, true);
      onProgress({ jobId: job.id, state: "failed", reason });
    }
  }

  async #recordReleased(job: JobRecord, request: ReleaseRequest, printer: PrinterRecord, result: SubmitResult, durationMs: number): Promise<void> {
    const details: Record<string, JsonValue> = {
      kiosk: request.kiosk.name,
      printer: printer.name,
      sizeBytes: job.sizeBytes,
      copies: (job.template.copies as number | undefined) ?? 1,
      durationMs,
      finalState: result.finalState,
      mode: request.mode,
    };
    if (result.printerJobId !== null) details.printerJobId = result.printerJobId;
    await destroyJobAndFile(this.context.db, this.spool, this.logger, {
      jobId: job.id,
      from: ["releasing"],
      to: "released",
      stateReason: "",
      audit: { type: "job.released", actor: `user:${job.ownerName}`, details },
      alsoInTransaction: (tx) => recordRelease(tx, job.id, { printerId: printer.id, kioskId: request.kiosk.id, printerJobId: result.printerJobId }),
    });
  }

  /** Back to held (when it was claimed) with the reason, and the audit entry, in one transaction. */
  async #recordFailure(job: JobRecord, request: ReleaseRequest, printer: PrinterRecord | null, failure: { code: string; reason: string; printerStatus?: string }, claimed: boolean): Promise<void> {
    await this.context.db.write(async (tx) => {
      if (claimed) await moveJob(tx, job.id, "releasing", "held", { stateReason: failure.reason.slice(0, 200) });
      const details: Record<string, JsonValue> = { kiosk: request.kiosk.name, printer: printer?.name ?? "", errorCode: failure.code, jobKept: true, reason: failure.reason.slice(0, 200), mode: request.mode };
      if (failure.printerStatus) details.printerStatus = failure.printerStatus;
      await appendAudit(tx, { type: "job.release-failed", actor: `user:${job.ownerName}`, subject: `job:${job.id}`, details });
    });
  }
}

function reasonFor(failure: PrintvaktError): string {
  if (failure.code === "unavailable") return `The printer cannot be reached or is busy: ${failure.userMessage}`;
  if (failure.code === "unsupported") return `The printer cannot print this document: ${failure.userMessage}`;
  return "Printing failed";
}
