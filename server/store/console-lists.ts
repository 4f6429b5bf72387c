// The console's People and Held jobs lists at scale (10,000 people, 100,000 held jobs): keyset
// pages (a cursor, never OFFSET, so a deep page costs what the first does) and prefix search as an
// index range (>= prefix and < prefix + the highest code point: LIKE would scan, as SQLite's LIKE
// is case-insensitive and cannot use a BINARY index). Counts are separate, for the first page only.
import { JOB_STATES, type JobState } from "../jobs/job-states.js";
import { clientOf, type Reader } from "./database.js";
import { toRecord, type JobRecord } from "./jobs.js";
import { withCards, type UserRecord } from "./users.js";

/** Greater than any text that starts with the prefix, in SQLite's BINARY (UTF-8 byte) order. */
const AFTER_ALL = "\u{10FFFF}";
const range = (prefix: string) => ({ gte: prefix, lt: `${prefix}${AFTER_ALL}` });

export interface PeopleQuery {
  /** User names starting with this (already canonical: lower case). */
  usernamePrefix?: string;
  /** Display names starting with any of these (as stored: "Bertil", not "bertil"). */
  displayNamePrefixes?: readonly string[];
}

function peopleWhere(query: PeopleQuery) {
  const alternatives = [
    ...(query.usernamePrefix ? [{ username: range(query.usernamePrefix) }] : []),
    ...(query.displayNamePrefixes ?? []).filter(Boolean).map((prefix) => ({ displayName: range(prefix) })),
  ];
  return alternatives.length > 0 ? { OR: alternatives } : {};
}

/** A page of people in user-name order after `afterUsername`; one more than `limit` is read to tell whether another page follows. */
export async function pagePeople(db: Reader, query: PeopleQuery, page: { afterUsername?: string; limit: number }): Promise<{ people: UserRecord[]; more: boolean }> {
  const rows = await clientOf(db).user.findMany({
    where: { ...peopleWhere(query), ...(page.afterUsername === undefined ? {} : { username: { gt: page.afterUsername } }) },
    orderBy: { username: "asc" },
    take: page.limit + 1,
    include: withCards,
  });
  return { people: rows.slice(0, page.limit), more: rows.length > page.limit };
}

export async function countPeople(db: Reader, query: PeopleQuery): Promise<number> {
  return clientOf(db).user.count({ where: peopleWhere(query) });
}

export interface HeldJobsQuery {
  states: readonly JobState[];
  /** Exactly this owner. */
  owner?: string;
  /** Owners whose name starts with this. */
  ownerPrefix?: string;
  /** Exactly this job number. */
  id?: number;
}

/**
 * For a page, the states are given as "not any other state": with `IN`, SQLite reads every live
 * job through the state index and sorts them all by id (300 ms for 100,000); with `NOT IN` it walks
 * the primary key from the newest id and stops after one page. Counting is the other way round:
 * the state index counts without touching rows.
 */
function heldJobsWhere(query: HeldJobsQuery, forPage = false) {
  const otherStates = JOB_STATES.filter((state) => !query.states.includes(state));
  return {
    state: forPage ? { notIn: otherStates } : { in: [...query.states] },
    ...(query.owner !== undefined ? { ownerName: query.owner } : query.ownerPrefix ? { ownerName: range(query.ownerPrefix) } : {}),
    ...(query.id === undefined ? {} : { id: query.id }),
  };
}

/** A page of live jobs, newest first, before job `beforeId`. */
export async function pageHeldJobs(db: Reader, query: HeldJobsQuery, page: { beforeId?: number; limit: number }): Promise<{ jobs: JobRecord[]; more: boolean }> {
  const where = heldJobsWhere(query, true);
  const rows = await clientOf(db).job.findMany({
    where: page.beforeId === undefined ? where : { AND: [where, { id: { lt: page.beforeId } }] },
    orderBy: { id: "desc" },
    take: page.limit + 1,
  });
  return { jobs: rows.slice(0, page.limit).map(toRecord), more: rows.length > page.limit };
}

export async function countHeldJobs(db: Reader, query: HeldJobsQuery): Promise<number> {
  return clientOf(db).job.count({ where: heldJobsWhere(query) });
}
