// Applies PRINTVAKT_UNKNOWN_USERS to a submission: a name that is no active person is refused, or
// draws on the one small quota all such names share (policy/unknown-users.ts decides which).
import type { Config } from "../config.js";
import { PrintvaktError } from "../../core/errors.js";
import { submitterStanding, type SubmitterFacts } from "../policy/unknown-users.js";
import type { Database } from "../store/database.js";
import { countPeople, heldUsageOfUnknownOwners } from "../store/unknown-owners.js";
import { findUserByName } from "../store/users.js";

export const UNKNOWN_USER_REFUSED = "this user name is not known here: print under your own user name";

/**
 * Bytes this owner may still hold as far as the unknown-names rule goes: unlimited for a person
 * (their own quota applies), the shared remainder for an unknown name. "new-job" also checks the
 * shared job count; "document" (Send-Document to a job already counted) does not.
 */
export async function unknownOwnerAllowance(config: Config, db: Database, owner: string, purpose: "new-job" | "document"): Promise<number> {
  return allowanceFor(config, db, { people: await countPeople(db), person: await findUserByName(db, owner) }, purpose);
}

/** The same, from facts the caller has read already (one statement for all a submission needs). */
export async function allowanceFor(config: Config, db: Database, facts: SubmitterFacts, purpose: "new-job" | "document"): Promise<number> {
  const standing = submitterStanding(facts, config.unknownUsers);
  if (standing === "person") return Number.POSITIVE_INFINITY;
  if (standing === "refused") throw new PrintvaktError("forbidden", UNKNOWN_USER_REFUSED);
  const shared = await heldUsageOfUnknownOwners(db);
  if (purpose === "new-job" && shared.jobs >= config.unknownUsersQuotaJobs) {
    throw new PrintvaktError("not-possible", "the jobs of user names not known here have used up their shared quota: print under your own user name");
  }
  const remaining = config.unknownUsersQuotaBytes - shared.bytes;
  if (remaining <= 0) throw new PrintvaktError("too-large", "the jobs of user names not known here have used up their shared quota: print under your own user name");
  return remaining;
}
