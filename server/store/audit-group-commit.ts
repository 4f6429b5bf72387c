// Audit entries that need no other change in their transaction (a session started or ended, a card
// read, a kiosk connected) share transactions: group commit.
//
// Why: each write transaction is a few round trips to the database's writes thread and a COMMIT
// that waits for the disk, and write transactions run one after another. When 50 kiosks are badged
// at the same moment, 50 single-entry transactions queued behind each other and the last person
// waited for all of them before seeing their jobs (issue 13: that queue was half of a burst's
// latency). Now the entries that arrive while a transaction waits or runs go into the next one.
//
// What does not change: every caller's promise settles only once its own entry is committed (the
// screen still shows nothing before the audit entry is on disk), the chain order is the order in
// which entries were handed in, and each entry keeps the time at which it was handed in.
import { canonicalJson } from "../audit/canonical.js";
import { checkAuditEvent } from "../audit/event-types.js";
import type { AuditEntry } from "../audit/entry.js";
import { appendAuditEntries, type AuditRecord } from "./audit-log.js";
import type { Database } from "./database.js";

interface Waiting {
  record: AuditRecord & { at: Date };
  resolve: (entry: AuditEntry) => void;
  reject: (error: unknown) => void;
}

/** The most entries one transaction takes: a flood of card reads still commits in bounded steps. */
const MOST_PER_TRANSACTION = 200;

class GroupCommit {
  readonly #db: Database;
  #waiting: Waiting[] = [];
  #flushQueued = false;

  constructor(db: Database) {
    this.#db = db;
  }

  append(record: AuditRecord): Promise<AuditEntry> {
    const stamped = { ...record, at: record.at ?? new Date() };
    try {
      // Refused here, alone, rather than failing the other entries of its transaction: an unknown
      // event or detail, or text canonical JSON cannot encode (a NUL from a kiosk, found by review).
      checkAuditEvent(stamped);
      canonicalJson({ type: stamped.type, actor: stamped.actor ?? null, subject: stamped.subject ?? null, details: stamped.details });
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AuditEntry>((resolve, reject) => {
      this.#waiting.push({ record: stamped, resolve, reject });
      if (!this.#flushQueued) {
        this.#flushQueued = true;
        void this.#flush();
      }
    });
  }

  /** The next transaction's group; what is left over (past MOST_PER_TRANSACTION) gets a flush of its own. */
  #take(): Waiting[] {
    const group = this.#waiting.splice(0, MOST_PER_TRANSACTION);
    this.#flushQueued = this.#waiting.length > 0;
    if (this.#flushQueued) void this.#flush();
    return group;
  }

  async #flush(): Promise<void> {
    let group: Waiting[] | undefined;
    try {
      const entries = await this.#db.write(async (tx) => {
        // Taken when the transaction starts (not when it was queued), so everything that arrived
        // while earlier writes ran goes in; a retried transaction (busy, full disk) keeps its group.
        group ??= this.#take();
        return appendAuditEntries(
          tx,
          group.map(({ record }) => record),
        );
      });
      group!.forEach((waiting, index) => waiting.resolve(entries[index]!));
    } catch (error) {
      // A transaction that never ran (the database stayed busy past its budget, or was closed)
      // took no group: those waiting are refused with its error rather than left waiting for ever.
      for (const waiting of (group ??= this.#take())) waiting.reject(error);
    }
  }
}

const groups = new WeakMap<Database, GroupCommit>();

/**
 * Appends an audit entry in a transaction of its own, shared with other such entries: resolves
 * once it is committed. An entry that belongs with a change (a job released, a person added) is
 * appended in that change's transaction with appendAudit instead.
 */
export function appendAuditAlone(db: Database, record: AuditRecord): Promise<AuditEntry> {
  let group = groups.get(db);
  if (group === undefined) {
    group = new GroupCommit(db);
    groups.set(db, group);
  }
  return group.append(record);
}
