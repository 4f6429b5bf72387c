// recentAdminChanges on a real SQLite file: it finds the admin changes of a kiosk and its printer
// among the kiosk's many session entries, and reads them through the index made for it.
import { describe, expect, test } from "vitest";
import { onDatabaseFile } from "../../test/support/database-rows.js";
import type { AppContext } from "../app-context.js";
import { appendAudit, type AuditRecord } from "./audit-log.js";
import { recentAdminChanges } from "./recent-admin-changes.js";
import { useFreshContext } from "../../test/support/fresh-context.js";

const HOUR = 3_600_000;
const NOW = Date.now();

let dataDir: string;
let context: AppContext;
useFreshContext("admin-changes", (fresh) => ({ dataDir, context } = fresh));

const sessionStarted = (index: number): AuditRecord => ({
  type: "session.started",
  actor: `user:person${index}`,
  subject: "kiosk:Hall",
  details: { sessionId: `s${index}`, method: "card", heldJobs: 1, mode: "screen", printer: "Hall printer", cardHash: "c" },
  at: new Date(NOW - HOUR + index),
});
const changed = (subject: string, actor: string, hoursAgo: number): AuditRecord => ({ type: "admin.changed", actor, subject, details: { action: "changed", fields: ["name"] }, at: new Date(NOW - hoursAgo * HOUR) });

describe("recentAdminChanges", () => {
  test("finds the kiosk's and its printer's changes of the last day among many session entries, and no others", async () => {
    await context.db.write(async (tx) => {
      await appendAudit(tx, changed("kiosk:Hall", "admin:old", 30));
      for (let index = 0; index < 300; index++) await appendAudit(tx, sessionStarted(index));
      await appendAudit(tx, changed("printer:Hall printer", "admin:eva", 2));
      for (let index = 300; index < 600; index++) await appendAudit(tx, sessionStarted(index));
      await appendAudit(tx, changed("kiosk:Hall", "admin:per", 1));
      await appendAudit(tx, changed("kiosk:Other", "admin:eva", 1));
    });
    const found = await recentAdminChanges(context.db, ["kiosk:Hall", "printer:Hall printer"], new Date(NOW - 24 * HOUR));
    expect(found).toEqual(["printer:Hall printer by admin:eva", "kiosk:Hall by admin:per"]);
  });

  test("reads one index range per subject, not every entry of the subject or of the type (issue 13)", async () => {
    const plan = await onDatabaseFile(dataDir, "EXPLAIN QUERY PLAN SELECT subject, actor FROM AuditEntry WHERE type = ? AND subject IN (?, ?) AND at >= ? ORDER BY seq", [
      "admin.changed",
      "kiosk:Hall",
      "printer:Hall printer",
      new Date(NOW - 24 * HOUR).toISOString(),
    ]);
    expect(plan.map((row) => row.detail)).toContainEqual(expect.stringContaining("USING INDEX AuditEntry_type_subject_at_idx (type=? AND subject=? AND at>?)"));
  });
});
