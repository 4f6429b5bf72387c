// Rows of a test server's database, read through the store's own functions (never Prisma directly).
import type { AuditEntry, JsonValue } from "../../server/audit/entry.js";
import { readAudit } from "../../server/store/audit-log.js";
import type { Reader } from "../../server/store/database.js";

/** Every audit entry, oldest first; with `types`, only those. */
export async function auditEntries(db: Reader, types?: string[]): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const entry of readAudit(db, types ? { types } : {})) entries.push(entry);
  return entries;
}

/** The details of every audit entry of this type about `subject` (such as "job:12"), oldest first. */
export async function auditDetails(db: Reader, subject: string, type: string): Promise<Record<string, JsonValue>[]> {
  const found: Record<string, JsonValue>[] = [];
  for await (const entry of readAudit(db, { subject, types: [type] })) found.push(entry.details as Record<string, JsonValue>);
  return found;
}
