// The loaded master key must open every live job (reliability review D3). A deleted master key was
// silently replaced by a new one, and a replaced one accepted, so the server started "healthy"
// while no held job could ever print again. Now the start is refused, unless the operator accepts
// losing those jobs, and then they are destroyed at start and audited (purge-unreadable-jobs.ts).
import { startupRefusal } from "./startup-refusal.js";

export interface LoadedKey {
  id: string;
  /** Where it came from, for the message: the key file's path, or PRINTVAKT_MASTER_KEY. */
  source: string;
  /** The key file did not exist: this key was made now and is written only if the start goes on. */
  madeNow: boolean;
}

/** The command line switch with which the operator accepts losing the jobs the key cannot open. */
export const ACCEPT_SWITCH = "--accept-unreadable-jobs";

/**
 * How many live jobs `key` cannot open, given live jobs counted by the id of the master key that
 * wrapped their job key. Throws the refusal when there are some and the operator did not accept.
 */
export function assertMasterKeyOpensLiveJobs(liveJobsByKeyId: ReadonlyMap<string, number>, key: LoadedKey, accepted: boolean): number {
  const others = [...liveJobsByKeyId].filter(([id]) => id !== key.id);
  const unreadable = others.reduce((sum, [, count]) => sum + count, 0);
  if (unreadable === 0 || accepted) return unreadable;
  const which = key.madeNow ? `the master key file ${key.source} is missing (a new key would be made)` : `the master key from ${key.source} (id ${key.id}) is not the one they were encrypted with`;
  throw startupRefusal(
    `${unreadable} live job${unreadable === 1 ? "" : "s"} in the database ${unreadable === 1 ? "was" : "were"} encrypted under master key ${others.map(([id]) => id).join(", ")}, but ${which}, so ${unreadable === 1 ? "it" : "they"} could never print`,
    `Restore the original master key (from a backup, or fix PRINTVAKT_MASTER_KEY_FILE / PRINTVAKT_MASTER_KEY) and start again. To give those jobs up instead, start once with \`printvakt serve ${ACCEPT_SWITCH}\`: they are destroyed and audited as job.purged (reason master-key-lost).`,
  );
}
