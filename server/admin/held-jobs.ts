// What an admin may do with someone's held job from the console: delete it with a stated reason,
// or see its title with a stated reason. Both are audited; neither ever exposes the document.
import { PrintvaktError } from "../../core/errors.js";
import { destroyJobAndFile } from "../jobs/destroy-job.js";
import { DELETABLE_STATES } from "../jobs/job-states.js";
import { openJobTitle } from "../jobs/job-secrets.js";
import type { Logger } from "../logger.js";
import { canDeleteHeldJob, canRevealJobTitle, type ConsoleActor } from "../policy/admin.js";
import type { SpoolStore } from "../spool/spool-store.js";
import type { MasterKey } from "../spool/master-key.js";
import { appendAudit } from "../store/audit-log.js";
import type { Database } from "../store/database.js";
import { findJob } from "../store/jobs.js";
import { statedReason } from "./stated-reason.js";

function refusal(actor: ConsoleActor, what: string): PrintvaktError {
  return actor.role === "admin" ? new PrintvaktError("not-possible", what) : new PrintvaktError("forbidden", "Auditors cannot change anything");
}

export async function deleteHeldJob(parts: { db: Database; spool: SpoolStore; logger: Logger }, actor: ConsoleActor, jobId: number, rawReason: string): Promise<void> {
  const reason = statedReason(rawReason);
  const job = await findJob(parts.db, jobId);
  if (!job) throw new PrintvaktError("not-found", `no job ${jobId}`);
  if (!canDeleteHeldJob(actor, job)) throw refusal(actor, "Only a held job can be deleted");
  const destroyed = await destroyJobAndFile(parts.db, parts.spool, parts.logger, {
    jobId,
    from: DELETABLE_STATES,
    to: "deleted",
    stateReason: "Deleted by an admin",
    audit: { type: "job.deleted", actor: `admin:${actor.username}`, details: { owner: job.ownerName, reason } },
  });
  // Released or purged between the read and the write: nothing was deleted, and nothing audited.
  if (!destroyed) throw new PrintvaktError("not-possible", "The job is no longer held");
}

/** The title in clear, after the reveal (with its reason) is in the audit. */
export async function revealJobTitle(parts: { db: Database; masterKey: MasterKey }, actor: ConsoleActor, jobId: number, rawReason: string): Promise<string> {
  const reason = statedReason(rawReason);
  const job = await findJob(parts.db, jobId);
  if (!job) throw new PrintvaktError("not-found", `no job ${jobId}`);
  if (!canRevealJobTitle(actor, job)) throw refusal(actor, "The job has been destroyed: its title is gone");
  const title = openJobTitle(parts.masterKey, job);
  if (title === null) throw new PrintvaktError("not-possible", "The job has been destroyed: its title is gone");
  // Audited first: if the audit cannot be written, the title is not shown.
  await parts.db.write((tx) => appendAudit(tx, { type: "job.title-revealed", actor: `admin:${actor.username}`, subject: `job:${jobId}`, details: { owner: job.ownerName, reason } }));
  return title;
}
