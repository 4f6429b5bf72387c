// The two writes a release makes before its first octet, as SQL written here and sent to the
// writes thread whole (one message, BEGIN IMMEDIATE … COMMIT): the claim (the request's key, the job
// held → releasing, the kiosk's answer) and the record that sending starts. Through Prisma they
// were six and four round trips, each with Prisma's query work on the event loop, on every
// release's path to the printer (issue 13). They twin claimReleaseKey + moveJob + storeReleaseOutcome
// and markSendStarted; release-claims.test.ts holds them to the same rows.
import { assertMove, type JobState } from "../jobs/job-states.js";
import type { Database, WriteStep } from "./database.js";
import type { ReleaseKey } from "./release-requests.js";
import { boundDate } from "./sql-values.js";

/** A job to move to releasing, from the state it was read in, and where it goes. */
export interface JobClaim {
  jobId: number;
  from: JobState;
  releasedAt: Date;
  printerId: number;
  kioskId: number;
}

/**
 * The release request's key: claimed in the same transaction unless an earlier write of the release
 * did (`claim` false); `answer`, the kiosk's answer as JSON, stored with it when the job is claimed.
 */
export interface KeyClaim {
  releaseKey: ReleaseKey;
  jobIds: number[];
  claim: boolean;
  answer?: string;
}

export type ClaimResult = { repeated: true; earlierAnswer: string } | { repeated: false; claimed: boolean; answerStored: boolean };

const WHERE_KEY = `"kioskId" = ? AND "sessionId" = ? AND "key" = ?`;

/**
 * ON CONFLICT names the unique key only: any other constraint (a NOT NULL) still fails the claim,
 * as Prisma's create did.
 */
const CLAIM_KEY = `INSERT INTO "ReleaseRequest" ("kioskId", "sessionId", "key", "jobIds", "outcome", "createdAt") VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT ("kioskId", "sessionId", "key") DO NOTHING`;
const EARLIER_ANSWER = `SELECT "outcome" FROM "ReleaseRequest" WHERE ${WHERE_KEY}`;
const STORE_ANSWER = `UPDATE "ReleaseRequest" SET "outcome" = ? WHERE ${WHERE_KEY}`;
/** The state check is in the WHERE: a job that moved since it was read (another kiosk won) is not touched. */
const CLAIM_JOB = `UPDATE "Job" SET "state" = 'releasing', "stateReason" = '', "stateReasonCode" = NULL, "releasedAt" = ?, "releasedPrinterId" = ?, "releasedKioskId" = ?, "sendStartedAt" = NULL WHERE "id" = ? AND "state" = ?`;
const MARK_SEND = `UPDATE "Job" SET "sendStartedAt" = ? WHERE "id" = ? AND "state" = 'releasing'`;

const keyArgs = (key: ReleaseKey) => [key.kioskId, key.sessionId, key.key];

/**
 * Claims a job for release in one transaction: with `key` to claim, first the request's key (when it
 * was claimed before, nothing changes and the earlier answer comes back), then the job, moved only if
 * still in `claim.from` (which the job state table must allow to become releasing: it throws before
 * anything is sent otherwise), then the answer, only if the job was claimed.
 */
export async function claimJobForRelease(db: Database, claim: JobClaim, key?: KeyClaim): Promise<ClaimResult> {
  assertMove(claim.from, "releasing");
  const steps: WriteStep[] = [];
  const claimingKey = key?.claim === true;
  if (claimingKey) {
    steps.push({ sql: CLAIM_KEY, args: [...keyArgs(key.releaseKey), JSON.stringify(key.jobIds), boundDate(new Date())] });
    steps.push({ sql: EARLIER_ANSWER, args: keyArgs(key.releaseKey) });
  }
  const jobStep = steps.length;
  steps.push({
    sql: CLAIM_JOB,
    args: [boundDate(claim.releasedAt), claim.printerId, claim.kioskId, claim.jobId, claim.from],
    ...(claimingKey ? { onlyIfChanged: 0 } : {}),
  });
  if (key?.answer !== undefined) steps.push({ sql: STORE_ANSWER, args: [key.answer, ...keyArgs(key.releaseKey)], onlyIfChanged: jobStep });
  const results = await db.writeInOneTrip(steps);
  if (claimingKey && results[0]!.changes === 0) return { repeated: true, earlierAnswer: (results[1]!.rows[0]?.[0] as string | undefined) ?? "pending" };
  return { repeated: false, claimed: results[jobStep]!.changes === 1, answerStored: results[jobStep + 1] != null };
}

/**
 * Records, durably, that a releasing job's document may reach the printer from now on (`started`),
 * or that the printer refused that attempt before taking anything (not `started`): markSendStarted
 * in one message. Not a state change; false when the job is no longer releasing.
 */
export async function recordSendStarted(db: Database, jobId: number, started = true): Promise<boolean> {
  const [result] = await db.writeInOneTrip([{ sql: MARK_SEND, args: [started ? boundDate(new Date()) : null, jobId] }]);
  return result!.changes === 1;
}
