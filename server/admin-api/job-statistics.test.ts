// The chart numbers, computed from job timestamps.
import { describe, expect, test } from "vitest";
import type { JobHistoryRow } from "../store/jobs.js";
import { HELD_POINTS, jobStatistics } from "./job-statistics.js";

const from = new Date("2026-11-01T00:00:00Z");
const to = new Date("2026-11-02T00:00:00Z");
const at = (hours: number) => new Date(from.getTime() + hours * 3_600_000);

function job(overrides: Partial<JobHistoryRow>): JobHistoryRow {
  return { state: "held", submittedAt: at(1), releasedAt: null, releasedPrinterId: null, destroyedAt: null, ...overrides };
}

describe("job statistics", () => {
  const jobs = [
    job({ state: "released", submittedAt: at(1), releasedAt: at(1.05), destroyedAt: at(1.05), releasedPrinterId: 1 }), // 3 min
    job({ state: "released", submittedAt: at(2), releasedAt: at(4), destroyedAt: at(4), releasedPrinterId: 2 }), // 2 h
    job({ state: "released", submittedAt: at(2), releasedAt: at(2.5), destroyedAt: at(2.5), releasedPrinterId: 1 }), // 30 min
    job({ state: "purged", submittedAt: at(3), destroyedAt: at(7) }),
    job({ state: "held", submittedAt: at(20) }),
  ];
  const statistics = jobStatistics(jobs, new Map([[1, "Plan 3"], [2, "Plan 4"]]), from, to);

  test("held over time counts jobs held at each point", () => {
    expect(statistics.heldOverTime).toHaveLength(HELD_POINTS);
    expect(statistics.heldOverTime[0]).toEqual({ at: from.toISOString(), held: 0 });
    expect(statistics.heldOverTime.at(-1)).toEqual({ at: to.toISOString(), held: 1 });
    // Between 3 h and 4 h the 2 h wait and the purged job overlap; nothing else does.
    expect(Math.max(...statistics.heldOverTime.map((point) => point.held))).toBe(2);
  });

  test("collected counts per printer and purged on its own row, with shares of all finished jobs", () => {
    expect(statistics.collectedVsPurged).toEqual([
      { label: "Plan 3", kind: "collected", count: 2, share: 50 },
      { label: "Plan 4", kind: "collected", count: 1, share: 25 },
      { label: "Purged, never collected", kind: "purged", count: 1, share: 25 },
    ]);
  });

  test("time to collection falls into buckets, with the median", () => {
    expect(statistics.collectionTimes.map((bucket) => bucket.count)).toEqual([1, 0, 1, 1, 0]);
    expect(statistics.medianCollectionSeconds).toBe(1800);
  });

  test("no jobs: zero everywhere and no median", () => {
    const empty = jobStatistics([], new Map(), from, to);
    expect(empty.collectedVsPurged).toEqual([{ label: "Purged, never collected", kind: "purged", count: 0, share: 0 }]);
    expect(empty.medianCollectionSeconds).toBeNull();
  });
});
