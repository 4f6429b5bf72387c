// What the unknown-names rule reads (policy/unknown-users.ts): how many people the store has, and
// what the jobs of owners who are no active person hold together (their one shared quota).
import { LIVE_STATES } from "../jobs/job-states.js";
import { clientOf, type Reader } from "./database.js";
import { placeholders } from "./sql-values.js";

export async function countPeople(db: Reader): Promise<number> {
  return clientOf(db).user.count();
}

/** Live jobs and bytes of every owner that is not an active person, together. */
export async function heldUsageOfUnknownOwners(db: Reader): Promise<{ jobs: number; bytes: number }> {
  // One statement with a subquery: a directory of many thousand people would not fit in a NOT IN list of parameters.
  const [row] = await clientOf(db).$queryRawUnsafe<{ jobs: number | bigint; bytes: number | bigint | null }[]>(
    `SELECT COUNT(*) AS jobs, SUM("sizeBytes") AS bytes FROM "Job" WHERE "state" IN (${placeholders(LIVE_STATES.length)}) AND "ownerName" NOT IN (SELECT "username" FROM "User" WHERE "disabledAt" IS NULL)`,
    ...LIVE_STATES,
  );
  return { jobs: Number(row?.jobs ?? 0), bytes: Number(row?.bytes ?? 0) };
}
