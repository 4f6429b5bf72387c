// The store's job module writes a state change only when the state table allows it, and only once
// when two callers race for the same job. On a real SQLite file.
import { expect, test } from "vitest";
import type { AppContext } from "../app-context.js";
import { countAudit } from "../store/audit-log.js";
import { createJob, destroyJob, findJob, moveJob } from "../store/jobs.js";
import { sealJobSecrets } from "./job-secrets.js";
import { JobTransitionRefused } from "./job-states.js";
import { newJobKey } from "../spool/job-key.js";
import { useFreshContext } from "../../test/support/fresh-context.js";

let context: AppContext;
useFreshContext("gate", (fresh) => ({ context } = fresh));

async function heldJob(): Promise<number> {
  const job = await context.db.write((tx) =>
    createJob(
      tx,
      { ownerName: "anna", ownerIdentifiedBy: "requesting-user-name", sourceAddress: "127.0.0.1", state: "held", documentFormat: "application/pdf", sizeBytes: 1, template: {}, masterKeyId: context.masterKey.id, spoolId: null, pinHash: null, expiresAt: new Date(Date.now() + 3_600_000), holdDueHeldMs: 0n },
      (jobId) => sealJobSecrets(context.masterKey, jobId, newJobKey(), "Utredning"),
    ),
  );
  return job.id;
}

test("held → released without releasing is refused before anything is written", async () => {
  const id = await heldJob();
  const auditBefore = await countAudit(context.db);
  await expect(context.db.write((tx) => moveJob(tx, id, "held", "released"))).rejects.toThrow(JobTransitionRefused);
  await expect(context.db.write((tx) => destroyJob(tx, id, ["held"], "released"))).rejects.toThrow(JobTransitionRefused);
  const job = (await findJob(context.db, id))!;
  expect(job).toMatchObject({ state: "held", destroyedAt: null });
  expect(job.wrappedKey).not.toBeNull();
  expect(await countAudit(context.db)).toBe(auditBefore);
});

test("a destruction must end in a terminal state: it cannot forget the key of a job that lives on", async () => {
  const id = await heldJob();
  await expect(context.db.write((tx) => destroyJob(tx, id, ["held"], "releasing"))).rejects.toThrow(JobTransitionRefused);
  expect((await findJob(context.db, id))!.wrappedKey).not.toBeNull();
});

test("two racing claims of the same held job: exactly one wins", async () => {
  const id = await heldJob();
  const claims = await Promise.all([1, 2, 3].map(() => context.db.write((tx) => moveJob(tx, id, "held", "releasing"))));
  expect(claims.filter(Boolean)).toHaveLength(1);
  expect((await findJob(context.db, id))!.state).toBe("releasing");
});

test("a move from a state the job has already left writes nothing", async () => {
  const id = await heldJob();
  await context.db.write((tx) => moveJob(tx, id, "held", "releasing"));
  expect(await context.db.write((tx) => moveJob(tx, id, "held", "deleted", { stateReason: "late" }))).toBe(false);
  expect(await findJob(context.db, id)).toMatchObject({ state: "releasing", stateReason: "" });
});
