// Audits refused IPP requests without letting a flood fill the log. The first refusal for a given
// (peer, operation, status, error, actor, subject) writes a job.rejected entry and opens a window;
// identical refusals inside the window are only counted (and past a few kinds per address, any
// refusal), and one job.rejected-repeated entry with that count
// is written when the window closes (or at shutdown). A flood stays visible, costs two entries per
// window instead of one transaction per packet, and competes far less with real writes.
import { auditText } from "../audit/canonical.js";
import { COALESCING_WINDOW_MS, CoalescingWindows } from "../audit/coalescing-windows.js";
import type { Clock } from "../clock.js";
import type { AuditRecord } from "../store/audit-log.js";

export { MAX_OPEN_WINDOWS } from "../audit/coalescing-windows.js";
/** How long identical refusals are counted before their summary is written. */
export const REFUSAL_WINDOW_MS = COALESCING_WINDOW_MS;
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

export class RefusalAudit {
  readonly #windowsPerPeer = new Map<string, number>();
  readonly #windows: CoalescingWindows<Refusal>;

  constructor(
    private readonly write: (record: AuditRecord) => Promise<void>,
    clock: Clock,
    windowMs: number = REFUSAL_WINDOW_MS,
  ) {
    this.#windows = new CoalescingWindows<Refusal>(
      clock,
      async ({ state, repeats, seconds }) => {
        const summary = summaryOf(state);
        await this.write({ ...summary, details: { ...summary.details, count: repeats, windowSeconds: seconds } });
      },
      { windowMs, onClosed: (state) => this.#countWindow(state.peer, -1) },
    );
  }

  /** Audits one refusal: written when it opens a window, counted when its window is open. */
  async record(refusal: Refusal): Promise<void> {
    let key = JSON.stringify([refusal.peer, refusal.operation, refusal.status, refusal.errorCode, refusal.actor, refusal.subject ?? null]);
    let reported = refusal;
    if (!this.#windows.has(key) && (this.#windowsPerPeer.get(refusal.peer) ?? 0) >= MAX_WINDOWS_PER_PEER) {
      key = JSON.stringify([refusal.peer, VARIOUS]);
      reported = { peer: refusal.peer, operation: VARIOUS, status: VARIOUS, errorCode: VARIOUS, actor: null, subject: null };
    }
    if (this.#windows.repeat(key)) return;
    if (this.#windows.open(key, reported)) this.#countWindow(refusal.peer, +1);
    await this.write(rejected(refusal));
  }

  /** Refusals counted and not yet written, across all open windows. */
  get pendingRepeats(): number {
    return this.#windows.pendingRepeats;
  }

  /** Closes every window now, writing their summaries (call at shutdown, before the database closes). */
  flush(): Promise<void> {
    return this.#windows.flush();
  }

  #countWindow(peer: string, change: 1 | -1): void {
    const count = (this.#windowsPerPeer.get(peer) ?? 0) + change;
    if (count > 0) this.#windowsPerPeer.set(peer, count);
    else this.#windowsPerPeer.delete(peer);
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
