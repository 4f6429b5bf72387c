// The two writes a release makes before its first octet, sent to the writes thread whole
// (writeInSteps, one message from BEGIN IMMEDIATE to COMMIT): the claim (the request's key, the job
// held → releasing, the kiosk's answer) and the record that sending starts. Through Prisma they
// were six and four round trips, each with Prisma's query work on the event loop, on every
// release's path to the printer (issue 13). They twin claimReleaseKey + moveJob + storeReleaseOutcome
// and markSendStarted; the job's statements come from jobs.ts, the one module that writes job rows;
// release-claims.test.ts holds them to the same rows.
import type { JobState } from "../jobs/job-states.js";
import { writeInSteps, type Database, type Statement } from "./database.js";
import { claimForReleaseStatement, sendStartedStatement } from "./jobs.js";
import type { ReleaseKey } from "./release-requests.js";
import { boundDate } from "./sql-values.js";

/** A job to move to releasing, from the state it was read in, and where it goes. */
export interface JobClaim {
  jobId: number;
  /** The person the release is for: a job of anyone else is not claimed. */
  ownerName: string;
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

// Each write answers the rows it changed (RETURNING), which the next statement of the message may
// depend on (onlyIfRows) and the caller reads.

/**
 * ON CONFLICT names the unique key only: any other constraint (a NOT NULL) still fails the claim,
 * as Prisma's create did.
 */
const CLAIM_KEY = `INSERT INTO "ReleaseRequest" ("kioskId", "sessionId", "key", "jobIds", "outcome", "createdAt") VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT ("kioskId", "sessionId", "key") DO NOTHING RETURNING "id"`;
const EARLIER_ANSWER = `SELECT "outcome" FROM "ReleaseRequest" WHERE ${WHERE_KEY}`;
const STORE_ANSWER = `UPDATE "ReleaseRequest" SET "outcome" = ? WHERE ${WHERE_KEY} RETURNING "id"`;

const keyArgs = (key: ReleaseKey) => [key.kioskId, key.sessionId, key.key];

/**
 * Claims a job for release in one transaction: with `key` to claim, first the request's key (when it
 * was claimed before, nothing changes and the earlier answer comes back), then the job, moved only if
 * still in `claim.from` (which the job state table must allow to become releasing: it throws before
 * anything is sent otherwise), then the answer, only if the job was claimed.
 */
export async function claimJobForRelease(db: Database, claim: JobClaim, key?: KeyClaim): Promise<ClaimResult> {
  // Asks the state table before anything is sent (jobs.ts writes the job's statement).
  const claimJob = claimForReleaseStatement({ ...claim, releasedAt: boundDate(claim.releasedAt) });
  const steps: Statement[] = [];
  const claimingKey = key?.claim === true;
  if (claimingKey) {
    steps.push({ sql: CLAIM_KEY, args: [...keyArgs(key.releaseKey), JSON.stringify(key.jobIds), boundDate(new Date())] });
    steps.push({ sql: EARLIER_ANSWER, args: keyArgs(key.releaseKey) });
  }
  const jobStep = steps.length;
  steps.push({ ...claimJob, ...(claimingKey ? { onlyIfRows: 0 } : {}) });
  if (key?.answer !== undefined) steps.push({ sql: STORE_ANSWER, args: [key.answer, ...keyArgs(key.releaseKey)], onlyIfRows: jobStep });
  const answers = await writeInSteps(db, (tx) => tx.commit(steps));
  if (claimingKey && answers[0]!.length === 0) return { repeated: true, earlierAnswer: (answers[1]![0]?.[0] as string | undefined) ?? "pending" };
  return { repeated: false, claimed: answers[jobStep]!.length === 1, answerStored: (answers[jobStep + 1]?.length ?? 0) === 1 };
}

/**
 * Records, durably, that a releasing job's document may reach the printer from now on (`started`),
 * or that the printer refused that attempt before taking anything (not `started`): markSendStarted
 * in one message. Not a state change; false when the job is no longer releasing.
 */
export async function recordSendStarted(db: Database, jobId: number, started = true): Promise<boolean> {
  const [changed] = await writeInSteps(db, (tx) => tx.commit([sendStartedStatement(jobId, started ? boundDate(new Date()) : null)]));
  return changed!.length === 1;
}
