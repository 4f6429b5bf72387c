// Rows a test or benchmark asserts on, read through the store: nothing outside server/store/ holds
// the Prisma client (test/architecture/store-private.test.ts), so readers the store lacks live here.
import type { AuditEntry, JsonValue } from "../../server/audit/entry.js";
import { JOB_STATES, type JobState } from "../../server/jobs/job-states.js";
import { auditPage, readAudit, type AuditFilter } from "../../server/store/audit-log.js";
import type { Reader } from "../../server/store/database.js";
import { listJobs, type JobRecord } from "../../server/store/jobs.js";
import { rawDatabase } from "./printvakt-data.js";

/** No limit a test would reach: readers here return every matching row, as findMany did. */
const EVERY_ROW = 2_147_483_647;

/** Audit entries matching `filter`, oldest first; `afterSeq` keeps only entries after that one. */
export async function auditRows(db: Reader, filter: AuditFilter & { afterSeq?: number } = {}): Promise<AuditEntry[]> {
  const { afterSeq = 0, ...match } = filter;
  const entries: AuditEntry[] = [];
  for await (const entry of readAudit(db, match)) if (entry.seq > afterSeq) entries.push(entry);
  return entries;
}

/** Every audit entry, oldest first; with `types`, only those. */
export function auditEntries(db: Reader, types?: string[]): Promise<AuditEntry[]> {
  return auditRows(db, types ? { types } : {});
}

/** The details of every audit entry of this type about `subject` (such as "job:12"), oldest first. */
export async function auditDetails(db: Reader, subject: string, type: string): Promise<Record<string, JsonValue>[]> {
  return (await auditRows(db, { subject, types: [type] })).map((entry) => entry.details as Record<string, JsonValue>);
}

/** The oldest entry matching `filter`, or null. */
export async function firstAuditRow(db: Reader, filter: AuditFilter): Promise<AuditEntry | null> {
  for await (const entry of readAudit(db, filter, 1)) return entry;
  return null;
}

/** The newest entry of this type (or matching this filter; every entry when left out), or null. */
export async function newestAuditRow(db: Reader, filter: string | AuditFilter = {}): Promise<AuditEntry | null> {
  const [entry] = await auditPage(db, typeof filter === "string" ? { types: [filter] } : filter, { limit: 1 });
  return entry ?? null;
}

/** Every job in these states (all states when left out), lowest id first. */
export function allJobs(db: Reader, states: readonly JobState[] = JOB_STATES): Promise<JobRecord[]> {
  return listJobs(db, states, EVERY_ROW);
}

/**
 * Runs one SQL statement on a data directory's database file past the store, the way an attacker,
 * a crash or an old release would reach it, and answers the rows it returned. For columns the store
 * never hands out (token hashes, enrolment codes) and for rows a test must set up or damage.
 */
export async function onDatabaseFile(dataDir: string, sql: string, args: (string | number | null)[] = []): Promise<Record<string, unknown>[]> {
  const raw = rawDatabase(dataDir);
  try {
    const result = await raw.execute({ sql, args });
    return result.rows.map((row) => ({ ...row }));
  } finally {
    raw.close();
  }
}
