// Audits refused IPP requests without letting a flood fill the log. The first refusal for a given
// (peer, operation, status, error, actor, subject) writes a job.rejected entry and opens a window;
// identical refusals inside the window are only counted (and past a few kinds per address, any
// refusal), and one job.rejected-repeated entry with that count
// is written when the window closes (or at shutdown). A flood stays visible, costs two entries per
// window instead of one transaction per packet, and competes far less with real writes.
import { auditText } from "../audit/canonical.js";
import type { Clock, ScheduledTimer } from "../clock.js";
import type { AuditRecord } from "../store/audit-log.js";

/** How long identical refusals are counted before their summary is written. */
export const REFUSAL_WINDOW_MS = 60_000;
/**
 * Open windows kept at most. Beyond it a refusal with a new key is written on its own, as if
 * uncoalesced: memory stays bounded, and nothing goes unaudited.
 */
export const MAX_OPEN_WINDOWS = 10_000;
/**
 * Distinct windows one address may hold open. Past it, that address's further kinds of refusal
 * share one window whose summary says "various": cycling through operation codes or statuses
 * (65,536 unknown operations) would otherwise still write one entry per kind (review L2).
 */
export const MAX_WINDOWS_PER_PEER = 16;
/** Operation, status and error of the shared window of an address past MAX_WINDOWS_PER_PEER. */
export const VARIOUS = "various";

export interface Refusal {
  peer: string;
  /** IPP operation name, "0x…" for an unknown code, or "undecodable". */
  operation: string;
  /** IPP status keyword answered. */
  status: string;
  errorCode: string;
  /** "user:NAME" when the requester was identified, else null. */
  actor: string | null;
  /** "user:NAME" when the refusal concerns an account (HTTP Basic credentials for it were wrong); part of the key. */
  subject?: string | null;
  /** requesting-user-name as sent, for an unidentified requester (first entry only). */
  claimedUser?: string;
}

interface Window {
  /** What the summary reports: the first refusal, or the address's "various" bucket. */
  refusal: Refusal;
  repeats: number;
  openedAt: number;
  timer: ScheduledTimer;
}

export class RefusalAudit {
  readonly #windows = new Map<string, Window>();
  readonly #windowsPerPeer = new Map<string, number>();
  readonly #writing = new Set<Promise<void>>();

  constructor(
    private readonly write: (record: AuditRecord) => Promise<void>,
    private readonly clock: Clock,
    private readonly windowMs: number = REFUSAL_WINDOW_MS,
  ) {}

  /** Audits one refusal: written when it opens a window, counted when its window is open. */
  async record(refusal: Refusal): Promise<void> {
    let key = JSON.stringify([refusal.peer, refusal.operation, refusal.status, refusal.errorCode, refusal.actor, refusal.subject ?? null]);
    let reported = refusal;
    if (!this.#windows.has(key) && (this.#windowsPerPeer.get(refusal.peer) ?? 0) >= MAX_WINDOWS_PER_PEER) {
      key = JSON.stringify([refusal.peer, VARIOUS]);
      reported = { peer: refusal.peer, operation: VARIOUS, status: VARIOUS, errorCode: VARIOUS, actor: null, subject: null };
    }
    const open = this.#windows.get(key);
    if (open) {
      open.repeats += 1;
      return;
    }
    // The window opens before the write is awaited, so refusals arriving meanwhile are counted.
    if (this.#windows.size < MAX_OPEN_WINDOWS) {
      const timer = this.clock.schedule(this.windowMs, () => this.#track(this.#close(key)));
      this.#windows.set(key, { refusal: reported, repeats: 0, openedAt: this.clock.now(), timer });
      this.#windowsPerPeer.set(refusal.peer, (this.#windowsPerPeer.get(refusal.peer) ?? 0) + 1);
    }
    await this.write(rejected(refusal));
  }

  /** Refusals counted and not yet written, across all open windows. */
  get pendingRepeats(): number {
    let total = 0;
    for (const window of this.#windows.values()) total += window.repeats;
    return total;
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
    const peerWindows = (this.#windowsPerPeer.get(window.refusal.peer) ?? 1) - 1;
    if (peerWindows > 0) this.#windowsPerPeer.set(window.refusal.peer, peerWindows);
    else this.#windowsPerPeer.delete(window.refusal.peer);
    if (window.repeats === 0) return;
    const seconds = Math.max(1, Math.round((this.clock.now() - window.openedAt) / 1_000));
    const summary = summaryOf(window.refusal);
    await this.write({ ...summary, details: { ...summary.details, count: window.repeats, windowSeconds: seconds } });
  }

  #track(writing: Promise<void>): void {
    this.#writing.add(writing);
    void writing.finally(() => this.#writing.delete(writing));
  }
}

function rejected(refusal: Refusal): AuditRecord {
  const { claimedUser } = refusal;
  const record = summaryOf(refusal);
  return { ...record, type: "job.rejected", details: { ...record.details, ...(claimedUser !== undefined && refusal.actor === null ? { claimedUser: auditText(claimedUser, 64) } : {}) } };
}

function summaryOf(refusal: Refusal): AuditRecord {
  return {
    type: "job.rejected-repeated",
    actor: refusal.actor,
    subject: refusal.subject ?? null,
    details: { operation: refusal.operation, status: refusal.status, errorCode: refusal.errorCode, peer: refusal.peer },
  };
}
