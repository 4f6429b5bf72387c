// What a submission reads, each in one statement: before the upload, who the submitter is and what
// they hold; inside the recording transaction, whether the job was sent before, what is held now and
// where the audit chain ends. Each statement costs the event loop about a millisecond of Prisma and
// driver work whatever it reads; a Print-Job made six reads (seven with the person's cards) where
// these two do (issue 13).
import { LIVE_STATES } from "../jobs/job-states.js";
import { clientOf, readRowsInOneTrip, type Database, type Statement, type StepTransaction, type Transaction } from "./database.js";
import { LIVE_SPOOL_BYTES, type LiveUsage } from "./live-usage.js";
import { boundDate, placeholders, storedDateOrNull } from "./sql-values.js";

/** The person of the submitter's name, as the unknown-names rule sees them. */
export interface SubmitterFacts {
  /** How many people the user store has, in any state. */
  people: number;
  person: { disabledAt: Date | null } | null;
  usage: LiveUsage;
}

const LIVE = `"state" IN (${placeholders(LIVE_STATES.length)})`;

/** liveUsage's three subqueries (live-usage.ts), and their parameters after the owner's name. */
const USAGE_COLUMNS =
  `(SELECT COUNT(*) FROM "Job" WHERE ${LIVE} AND "ownerName" = ?) AS ownerJobs, ` +
  `(SELECT SUM("sizeBytes") FROM "Job" WHERE ${LIVE} AND "ownerName" = ?) AS ownerBytes, ` +
  `(${LIVE_SPOOL_BYTES}) AS spoolBytes`;
const usageParameters = (owner: string) => [...LIVE_STATES, owner, ...LIVE_STATES, owner, ...LIVE_STATES];

type Count = number | bigint | null;
const usageOfRow = (row: { ownerJobs: Count; ownerBytes: Count; spoolBytes: Count } | undefined): LiveUsage => ({
  ownerJobs: Number(row?.ownerJobs ?? 0),
  ownerBytes: Number(row?.ownerBytes ?? 0),
  spoolBytes: Number(row?.spoolBytes ?? 0),
});

/**
 * Sent to the reads thread past Prisma (readRowsInOneTrip), as a badge's reads are: through Prisma's
 * raw query this one statement cost the event loop about a millisecond before each upload (issue 13).
 */
export async function submitterFacts(db: Database, owner: string): Promise<SubmitterFacts> {
  const [rows] = await readRowsInOneTrip(db, [
    {
      sql:
        `SELECT (SELECT COUNT(*) FROM "User") AS people, ` +
        `(SELECT COUNT(*) FROM "User" WHERE "username" = ?) AS personFound, ` +
        `(SELECT "disabledAt" FROM "User" WHERE "username" = ?) AS personDisabledAt, ` +
        USAGE_COLUMNS,
      args: [owner, owner, ...usageParameters(owner)],
    },
  ]);
  const [people, personFound, disabledAt, ownerJobs, ownerBytes, spoolBytes] = (rows![0] ?? []) as Count[];
  const person = Number(personFound ?? 0) === 0 ? null : { disabledAt: storedDateOrNull(disabledAt ?? null) };
  return { people: Number(people ?? 0), person, usage: usageOfRow({ ownerJobs: ownerJobs ?? null, ownerBytes: ownerBytes ?? null, spoolBytes: spoolBytes ?? null }) };
}

/** How a resent job is recognised (findRepeatedJob in jobs.ts asks the same). */
export interface RepeatMatch {
  jobUuid: string | null;
  documentDigest: string | null;
  since: Date;
}

export interface RecordingFacts {
  /** The first live or recent job of this owner the submission repeats, or null. */
  repeatedJobId: number | null;
  usage: LiveUsage;
  /** The audit chain's last entry; an append in the same transaction links to it (appendAuditAfter). */
  lastAudit: { seq: number; hash: string } | null;
  /** The id SQLite's AUTOINCREMENT gives the next job: one past the highest ever used (createJobAs). */
  nextJobId: number;
}

/** Read inside the recording transaction, which holds the write lock: nothing moves until it commits. */
export async function recordingFacts(tx: Transaction, owner: string, match: RepeatMatch): Promise<RecordingFacts> {
  const { sql, args } = recordingFactsStatement(owner, match);
  const [row] = await clientOf(tx).$queryRawUnsafe<Record<string, unknown>[]>(sql, ...args);
  return factsOf(row === undefined ? [] : Object.values(row));
}

/**
 * The same facts as the first message of a transaction in steps (writeInSteps in database.ts): the
 * message begins the transaction, so they are read under the write lock too.
 */
export async function recordingFactsInSteps(tx: StepTransaction, owner: string, match: RepeatMatch): Promise<RecordingFacts> {
  const [rows] = await tx.run([recordingFactsStatement(owner, match)]);
  return factsOf(rows![0] ?? []);
}

/** One statement for all of them; its columns in the order factsOf reads them. */
function recordingFactsStatement(owner: string, match: RepeatMatch): Statement {
  // Prisma's findFirst in findRepeatedJob, spelt out: dates go in as the adapter binds them.
  const either: string[] = [];
  const parameters: unknown[] = [];
  if (match.jobUuid !== null) {
    either.push(`("jobUuid" = ? AND ${LIVE})`, `("jobUuid" = ? AND "submittedAt" >= ?)`);
    parameters.push(match.jobUuid, ...LIVE_STATES, match.jobUuid, boundDate(match.since));
  }
  if (match.documentDigest !== null) {
    either.push(`("documentDigest" = ? AND "submittedAt" >= ?)`);
    parameters.push(match.documentDigest, boundDate(match.since));
  }
  const repeated = either.length === 0 ? "NULL" : `(SELECT "id" FROM "Job" WHERE "ownerName" = ? AND (${either.join(" OR ")}) ORDER BY "id" ASC LIMIT 1)`;
  return {
    sql:
      `SELECT ${repeated} AS repeatedJobId, ` +
      // AUTOINCREMENT's rule: past both the highest id ever handed out and the highest in the table.
      `MAX(COALESCE((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'Job'), 0), COALESCE((SELECT MAX("id") FROM "Job"), 0)) AS highestJobId, ` +
      `(SELECT "seq" FROM "AuditEntry" ORDER BY "seq" DESC LIMIT 1) AS lastSeq, ` +
      `(SELECT "hash" FROM "AuditEntry" ORDER BY "seq" DESC LIMIT 1) AS lastHash, ` +
      USAGE_COLUMNS,
    args: [...(either.length === 0 ? [] : [owner, ...parameters]), ...usageParameters(owner)],
  };
}

function factsOf([repeatedJobId, highestJobId, lastSeq, lastHash, ownerJobs, ownerBytes, spoolBytes]: unknown[]): RecordingFacts {
  const lastAudit = lastSeq == null || lastHash == null ? null : { seq: Number(lastSeq), hash: String(lastHash) };
  return {
    repeatedJobId: repeatedJobId == null ? null : Number(repeatedJobId),
    usage: usageOfRow({ ownerJobs: ownerJobs as Count, ownerBytes: ownerBytes as Count, spoolBytes: spoolBytes as Count }),
    lastAudit,
    nextJobId: Number(highestJobId ?? 0) + 1,
  };
}
