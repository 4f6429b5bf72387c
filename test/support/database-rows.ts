// Rows a test reads back to check what the server recorded, through the store's own readers (no
// test reaches into Prisma).
import type { JsonValue } from "../../server/audit/entry.js";
import type { Database } from "../../server/store/database.js";
import { readAudit } from "../../server/store/audit-log.js";

/** The details of every audit entry of this type about `subject` (such as "job:12"), oldest first. */
export async function auditDetails(db: Database, subject: string, type: string): Promise<Record<string, JsonValue>[]> {
  const found: Record<string, JsonValue>[] = [];
  for await (const entry of readAudit(db, { subject, types: [type] })) found.push(entry.details as Record<string, JsonValue>);
  return found;
}
