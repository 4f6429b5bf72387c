// Quotas: how many jobs and bytes one person may hold, and how many bytes the whole spool may hold.
// Checked twice: before a document is read (to bound the upload) and again inside the transaction
// that records the job, because uploads run in parallel and each saw the usage before the others
// were recorded (security review M3, reliability review D9). The second check is the one that holds:
// SQLite has one writer, so the usage a recording transaction reads includes every job recorded
// before it.
import type { Config } from "../config.js";
import { PrintvaktError } from "../../core/errors.js";
import type { Reader } from "../store/database.js";
import { liveUsage } from "../store/live-usage.js";

export interface Usage {
  /** The person's live jobs (incoming, held, releasing, may-have-printed) and their bytes. */
  ownerJobs: number;
  ownerBytes: number;
  /** Bytes of every live job, everybody's. */
  spoolBytes: number;
}

/**
 * What is being added: a new job (Print-Job, Create-Job) counts against the job quota; a document
 * for a job made by Create-Job does not, its job being counted already (with 0 bytes until now).
 */
export interface Addition {
  newJob: boolean;
  /** The document's size once received; left out before the upload. */
  sizeBytes?: number;
}

type Limits = Pick<Config, "quotaJobs" | "quotaBytes" | "maxJobBytes" | "spoolMaxBytes">;

export async function usageOf(db: Reader, owner: string): Promise<Usage> {
  return liveUsage(db, owner);
}

/**
 * The most bytes the addition's document may have (the person's room, the largest job); throws when
 * the person or the spool has no room left. With `sizeBytes`, throws unless a document of that size
 * fits both.
 */
export function roomFor(limits: Limits, usage: Usage, addition: Addition): number {
  if (addition.newJob && usage.ownerJobs >= limits.quotaJobs) {
    throw new PrintvaktError("not-possible", `you already have ${usage.ownerJobs} held jobs: release or delete some first`);
  }
  const ownerRoom = limits.quotaBytes - usage.ownerBytes;
  const spoolRoom = limits.spoolMaxBytes - usage.spoolBytes;
  // Before the upload there must be room for at least one byte; after it, for what came.
  const needed = addition.sizeBytes ?? 1;
  if (ownerRoom < needed) throw new PrintvaktError("too-large", "your held jobs would use more than your quota: release or delete some first");
  // The spool being full is nobody's fault and passes as jobs are collected: "busy", try later.
  if (spoolRoom < needed) throw new PrintvaktError("too-many", "the server's spool is full; try again later");
  // Not bounded by the spool's room: a document that outgrows it is refused "busy" when recorded,
  // not "too large" mid-upload. Uploads in flight can pass the cap by at most the upload slots.
  return Math.min(ownerRoom, limits.maxJobBytes);
}
