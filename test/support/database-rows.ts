// Rows of a test server's database, read through the store's own functions (never Prisma directly).
import type { AuditEntry } from "../../server/audit/entry.js";
import { readAudit } from "../../server/store/audit-log.js";
import type { Reader } from "../../server/store/database.js";

/** Every audit entry, oldest first; with `types`, only those. */
export async function auditEntries(db: Reader, types?: string[]): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const entry of readAudit(db, types ? { types } : {})) entries.push(entry);
  return entries;
}
