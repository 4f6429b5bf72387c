// Specification of how a badge's release is summed up: "nothing printed" only when that is certain.
import { describe, expect, test } from "vitest";
import { releaseFinished, type JobEnd } from "./release-finished.js";

const printed = (jobId: number): JobEnd => ({ jobId, result: "printed" });
const failed = (jobId: number): JobEnd => ({ jobId, result: "failed", reason: "The printer cannot be reached or is busy" });
const unknown = (jobId: number): JobEnd => ({ jobId, result: "may-have-printed", reason: "The printer may already have printed this job" });

describe("the outcome of a release", () => {
  test.each([
    { jobs: [printed(1), printed(2)], outcome: "printed" },
    { jobs: [printed(1), failed(2)], outcome: "partly-printed" },
    { jobs: [printed(1), unknown(2)], outcome: "partly-printed" },
    { jobs: [failed(1), unknown(2)], outcome: "may-have-printed" },
    { jobs: [unknown(1)], outcome: "may-have-printed" },
    { jobs: [failed(1), failed(2)], outcome: "nothing-printed" },
    { jobs: [], outcome: "no-jobs" },
  ])("$outcome for $jobs.length job(s): $jobs", ({ jobs, outcome }) => {
    expect(releaseFinished("session-1", jobs).outcome).toBe(outcome);
  });

  test("counts each result and keeps every job's end with its reason", () => {
    const jobs = [printed(1), failed(2), unknown(3), failed(4)];
    expect(releaseFinished("session-1", jobs)).toEqual({ sessionId: "session-1", outcome: "partly-printed", printed: 1, failed: 2, mayHavePrinted: 1, jobs });
  });
});
