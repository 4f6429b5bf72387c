// Audits IPP reads that return job titles (Get-Jobs, Get-Job-Attributes with job-name) without
// letting a polling client flood the log, in the pattern of refusal-audit.ts: the first read of a
// given (person, peer, operation, job) writes a job.titles-read entry and opens a window; the same
// read inside the window is only counted, and one job.titles-read-repeated entry with that count
// is written when the window closes (or at shutdown). A print dialog that polls every few seconds
// costs two entries a minute, and every read of titles is still accounted for.
import type { Clock, ScheduledTimer } from "../clock.js";
import type { Requester } from "../policy/requester.js";
import type { AuditRecord } from "../store/audit-log.js";
import { MAX_OPEN_WINDOWS, REFUSAL_WINDOW_MS } from "./refusal-audit.js";

export interface TitleRead {
  requester: Requester;
  /** IPP operation name. */
  operation: string;
  /** The job whose title was read (Get-Job-Attributes), or null for a listing (Get-Jobs). */
  jobId: number | null;
  /** How many titles the answer carried (at least 1: reads without titles are not audited). */
  titles: number;
}

interface Window {
  read: TitleRead;
  repeats: number;
  titles: number;
  openedAt: number;
  timer: ScheduledTimer;
}

export class TitleReadAudit {
  readonly #windows = new Map<string, Window>();
  readonly #writing = new Set<Promise<void>>();

  /** `write` must throw when it cannot record: a read whose first entry failed is not answered with titles. */
  constructor(
    private readonly write: (record: AuditRecord) => Promise<void>,
    private readonly clock: Clock,
    private readonly windowMs: number = REFUSAL_WINDOW_MS,
  ) {}

  async record(read: TitleRead): Promise<void> {
    const key = JSON.stringify([read.requester.username, read.requester.address, read.requester.identifiedBy, read.operation, read.jobId]);
    const open = this.#windows.get(key);
    if (open) {
      open.repeats += 1;
      open.titles += read.titles;
      return;
    }
    const record = entryOf(read, "job.titles-read", {});
    if (this.#windows.size >= MAX_OPEN_WINDOWS) {
      // Memory stays bounded: beyond the cap every read is written on its own.
      await this.write(record);
      return;
    }
    const timer = this.clock.schedule(this.windowMs, () => this.#track(this.#close(key)));
    this.#windows.set(key, { read, repeats: 0, titles: 0, openedAt: this.clock.now(), timer });
    try {
      await this.write(record);
    } catch (error) {
      // Not recorded, so not coalesced either: the next read tries to write its own entry.
      timer.cancel();
      this.#windows.delete(key);
      throw error;
    }
  }

  /** Closes every window now, writing their summaries (call at shutdown, before the database closes). */
  async flush(): Promise<void> {
    const closing = [...this.#windows.keys()].map((key) => this.#close(key));
    await Promise.all([...closing, ...this.#writing]);
  }

  async #close(key: string): Promise<void> {
    const window = this.#windows.get(key);
    if (!window) return;
    window.timer.cancel();
    this.#windows.delete(key);
    if (window.repeats === 0) return;
    const seconds = Math.max(1, Math.round((this.clock.now() - window.openedAt) / 1_000));
    await this.write(entryOf({ ...window.read, titles: window.titles }, "job.titles-read-repeated", { count: window.repeats, windowSeconds: seconds }));
  }

  #track(writing: Promise<void>): void {
    const settled = writing.catch(() => undefined);
    this.#writing.add(settled);
    void settled.finally(() => this.#writing.delete(settled));
  }
}

function entryOf(read: TitleRead, type: string, extra: Record<string, number>): AuditRecord {
  return {
    type,
    actor: `user:${read.requester.username}`,
    subject: read.jobId === null ? null : `job:${read.jobId}`,
    details: { identifiedBy: read.requester.identifiedBy, peer: read.requester.address, operation: read.operation, titleCount: read.titles, ...extra },
  };
}
