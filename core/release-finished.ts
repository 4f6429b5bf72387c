// How a release at a reader-only kiosk ended, as the server tells the kiosk (`release:finished`)
// and the kiosk agent reads it: where each job ended, the counts, and one outcome for a buzzer.

/**
 * Where one job of the release ended: on paper; "failed": certainly not printed (the job is kept
 * and prints at the next badge); "may-have-printed": unknown, so it is never printed again unasked.
 */
export type JobResult = "printed" | "failed" | "may-have-printed";

export interface JobEnd {
  jobId: number;
  result: JobResult;
  /** Why it did not print, safe to show. */
  reason?: string;
}

/**
 * - printed: every job printed.
 * - partly-printed: some printed, others failed or may have printed.
 * - may-have-printed: none certainly printed, but some may have: look at the printer.
 * - nothing-printed: every job failed; each is still held.
 * - no-jobs: the person had nothing to print here.
 */
export type ReleaseFinishedOutcome = "printed" | "partly-printed" | "may-have-printed" | "nothing-printed" | "no-jobs";

export interface ReleaseFinished {
  /** The session the badge opened; the same as in the `card:present` acknowledgement and in `job:progress`. */
  sessionId: string;
  outcome: ReleaseFinishedOutcome;
  printed: number;
  failed: number;
  mayHavePrinted: number;
  jobs: JobEnd[];
}

type Counts = Pick<ReleaseFinished, "printed" | "failed" | "mayHavePrinted">;

// The first rule that applies names the outcome; "nothing-printed" is said only when that is certain.
const OUTCOME_RULES: readonly { outcome: ReleaseFinishedOutcome; applies: (counts: Counts) => boolean }[] = [
  { outcome: "no-jobs", applies: (counts) => counts.printed + counts.failed + counts.mayHavePrinted === 0 },
  { outcome: "printed", applies: (counts) => counts.failed + counts.mayHavePrinted === 0 },
  { outcome: "partly-printed", applies: (counts) => counts.printed > 0 },
  { outcome: "may-have-printed", applies: (counts) => counts.mayHavePrinted > 0 },
  { outcome: "nothing-printed", applies: () => true },
];

export const RELEASE_FINISHED_OUTCOMES: readonly ReleaseFinishedOutcome[] = OUTCOME_RULES.map((rule) => rule.outcome);

export function releaseFinished(sessionId: string, jobs: JobEnd[]): ReleaseFinished {
  const count = (result: JobResult) => jobs.filter((job) => job.result === result).length;
  const counts: Counts = { printed: count("printed"), failed: count("failed"), mayHavePrinted: count("may-have-printed") };
  const outcome = OUTCOME_RULES.find((rule) => rule.applies(counts))!.outcome;
  return { sessionId, outcome, ...counts, jobs };
}
