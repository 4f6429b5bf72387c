// Audits IPP reads that return job titles (Get-Jobs, Get-Job-Attributes with job-name) without
// letting a polling client flood the log, in the pattern of refusal-audit.ts: the first read of a
// given (person, peer, operation, job) writes a job.titles-read entry and opens a window; the same
// read inside the window is only counted, and one job.titles-read-repeated entry with that count
// is written when the window closes (or at shutdown). A print dialog that polls every few seconds
// costs two entries a minute, and every read of titles is still accounted for.
import { CoalescingWindows } from "../audit/coalescing-windows.js";
import type { Clock } from "../clock.js";
import type { Requester } from "../policy/requester.js";
import type { AuditRecord } from "../store/audit-log.js";
import { REFUSAL_WINDOW_MS } from "./refusal-audit.js";

export interface TitleRead {
  requester: Requester;
  /** IPP operation name. */
  operation: string;
  /** The job whose title was read (Get-Job-Attributes), or null for a listing (Get-Jobs). */
  jobId: number | null;
  /** How many titles the answer carried (at least 1: reads without titles are not audited). */
  titles: number;
}

export class TitleReadAudit {
  readonly #windows: CoalescingWindows<TitleRead>;

  /** `write` must throw when it cannot record: a read whose first entry failed is not answered with titles. */
  constructor(
    private readonly write: (record: AuditRecord) => Promise<void>,
    clock: Clock,
    windowMs: number = REFUSAL_WINDOW_MS,
  ) {
    // The window's state is the first read, its titles summed over the repeats.
    this.#windows = new CoalescingWindows<TitleRead>(
      clock,
      ({ state, repeats, seconds }) => this.write(entryOf(state, "job.titles-read-repeated", { count: repeats, windowSeconds: seconds })),
      { windowMs },
    );
  }

  async record(read: TitleRead): Promise<void> {
    const key = JSON.stringify([read.requester.username, read.requester.address, read.requester.identifiedBy, read.operation, read.jobId]);
    if (this.#windows.repeat(key, (state) => void (state.titles += read.titles))) return;
    const record = entryOf(read, "job.titles-read", {});
    // Beyond the cap of open windows every read is written on its own.
    const opened = this.#windows.open(key, { ...read, titles: 0 });
    try {
      await this.write(record);
    } catch (error) {
      // Not recorded, so not coalesced either: the next read tries to write its own entry.
      if (opened) this.#windows.discard(key);
      throw error;
    }
  }

  /** Closes every window now, writing their summaries (call at shutdown, before the database closes). */
  flush(): Promise<void> {
    return this.#windows.flush();
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
