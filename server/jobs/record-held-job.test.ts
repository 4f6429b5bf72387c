// Recording a held job waits for the disk check it is handed before it takes the write lock: a
// file-system call that never answers (a stalled mount) must stall this submission only, not every
// writer queued behind it. On a real SQLite file and spool directory.
import { Readable } from "node:stream";
import { expect, test } from "vitest";
import type { AppContext } from "../app-context.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { appendAudit, countAudit } from "../store/audit-log.js";
import { receiveDocument } from "./receive-document.js";
import { recordHeldJob } from "./record-held-job.js";
import { useFreshContext } from "../../test/support/fresh-context.js";

let context: AppContext;
let spool: SpoolStore;
useFreshContext("record-held", (fresh) => ({ context, spool } = fresh));

const submission = {
  requester: { username: "anna", identifiedBy: "requesting-user-name" as const, address: "127.0.0.1", overTls: false },
  peer: "127.0.0.1",
  operation: "Print-Job",
  declaredFormat: "text/plain",
  template: {},
  pinHash: null,
  title: "Utredning",
  jobUuid: null,
};

async function received() {
  return receiveDocument(spool, Readable.from([Buffer.from("hello\n")]), { compression: "none", declaredFormat: "text/plain", maxBytes: 1_000_000 });
}

test("a disk check that never answers holds no write lock: other writers go on, and nothing of this job is recorded", async () => {
  const before = await countAudit(context.db);
  let settled = false;
  void recordHeldJob(context, spool, submission, await received(), new Promise<void>(() => undefined)).finally(() => (settled = true));
  // Any other writer: it would wait forever behind a transaction that awaits the check under the lock.
  await context.db.write((tx) => appendAudit(tx, { type: "admin.changed", actor: "admin:eva", subject: "printer:P", details: { action: "changed" } }));
  expect(settled).toBe(false);
  expect(await countAudit(context.db)).toBe(before + 1);
});

test("a failed disk check records nothing and removes the document", async () => {
  const document = await received();
  const before = await countAudit(context.db);
  const full = Object.assign(new Error("no room"), { code: "disk-full" });
  await expect(recordHeldJob(context, spool, submission, document, Promise.reject(full))).rejects.toBe(full);
  expect(await countAudit(context.db)).toBe(before);
  expect(await spool.listSpoolIds()).not.toContain(document.spoolId);
});
