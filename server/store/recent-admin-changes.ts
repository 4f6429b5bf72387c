// Who added or changed a kiosk or printer lately, read from the audit log: a session at a kiosk (or
// on a printer) an admin set up within the last day is the shape of review H3, so it is flagged.
import { clientOf, type Reader } from "./database.js";

/** "kiosk:NAME by admin:eva", one per admin.changed entry for these subjects since `since`. */
export async function recentAdminChanges(db: Reader, subjects: readonly string[], since: Date): Promise<string[]> {
  const rows = await clientOf(db).auditEntry.findMany({
    where: { type: "admin.changed", subject: { in: [...subjects] }, at: { gte: since } },
    orderBy: { seq: "asc" },
    select: { subject: true, actor: true },
  });
  return [...new Set(rows.map((row) => `${row.subject} by ${row.actor ?? "unknown"}`))];
}
