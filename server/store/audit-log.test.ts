// Which entries the audit filters find, on a real SQLite file: exactly the named person, printer or
// kiosk, although the store narrows by text (LIKE, where "_" and "%" are wildcards).
import { describe, expect, test } from "vitest";
import type { AppContext } from "../app-context.js";
import type { AuditEntry } from "../audit/entry.js";
import { appendAudit, auditPage, countAudit, readAudit, type AuditFilter, type AuditRecord } from "./audit-log.js";
import { useFreshContext } from "../../test/support/fresh-context.js";

let context: AppContext;
useFreshContext("audit-log", (fresh) => ({ context } = fresh));

/** What each person did and what an admin did to their jobs (details.owner), for a_b and for axb, which a_b's wildcard matches. */
async function recordBoth(): Promise<void> {
  const records: AuditRecord[] = [];
  for (const [job, owner] of [[1, "a_b"], [2, "axb"]] as const) {
    records.push({ type: "job.submitted", actor: `user:${owner}`, subject: `job:${job}`, details: { identifiedBy: "requesting-user-name" } });
    records.push({ type: "job.deleted", actor: "admin:eva", subject: `job:${job}`, details: { owner, reason: "left on the printer", identifiedBy: "kiosk" } });
    records.push({ type: "job.released", actor: `user:${owner}`, subject: `job:${job + 10}`, details: { printer: owner === "a_b" ? "plan_3" : "plan-3", kiosk: owner === "a_b" ? "entre_1" : "entre-1" } });
  }
  for (const record of records) await context.db.write((tx) => appendAudit(tx, record));
}

async function everything(filter: AuditFilter): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const entry of readAudit(context.db, filter)) all.push(entry);
  return all;
}

describe("audit filters name exactly one person, printer or kiosk", () => {
  test("the timeline of a_b shows a_b's entries and none of axb's", async () => {
    await recordBoth();
    const page = await auditPage(context.db, { person: "a_b" }, { limit: 100 });
    expect(page.map((entry) => `${entry.type} ${entry.subject}`)).toEqual(["job.released job:11", "job.deleted job:1", "job.submitted job:1"]);
    expect(await countAudit(context.db, { person: "a_b" })).toBe(3);
    expect((await everything({ person: "a_b" })).map((entry) => entry.subject)).toEqual(["job:1", "job:1", "job:11"]);
  });

  test("a page is full when exact matches remain, however many near misses lie between them", async () => {
    await recordBoth();
    const first = await auditPage(context.db, { person: "a_b" }, { limit: 2 });
    expect(first.map((entry) => entry.subject)).toEqual(["job:11", "job:1"]);
    const second = await auditPage(context.db, { person: "a_b" }, { beforeSeq: first.at(-1)!.seq, limit: 2 });
    expect(second.map((entry) => `${entry.type} ${entry.subject}`)).toEqual(["job.submitted job:1"]);
  });

  test("printers and kiosks named in details match exactly too", async () => {
    await recordBoth();
    expect((await everything({ printer: "plan_3" })).map((entry) => entry.subject)).toEqual(["job:11"]);
    expect(await countAudit(context.db, { printer: "plan_3" })).toBe(1);
    expect((await everything({ kiosk: "entre_1" })).map((entry) => entry.subject)).toEqual(["job:11"]);
  });
});
