// The numbers behind the console's charts, computed on the server from job timestamps only (no
// titles, no owners): held jobs over time, collected vs purged, and time from print to collection.
//
// Collected vs purged "per printer": a held follow-me job belongs to no printer until its owner
// releases it somewhere (see server/retention/purge-expired-jobs.ts), so collected jobs count
// under the printer they were released to, and purged jobs form their own row.
import type { JobHistoryRow } from "../store/jobs.js";

export const HELD_POINTS = 48;

export interface JobStatistics {
  from: string;
  to: string;
  heldOverTime: { at: string; held: number }[];
  collectedVsPurged: { label: string; kind: "collected" | "purged"; count: number; share: number }[];
  collectionTimes: { bucket: string; count: number }[];
  medianCollectionSeconds: number | null;
}

/** Upper bounds (seconds) of the collection-time buckets, last one open-ended. */
const COLLECTION_BUCKETS: { bucket: string; upTo: number }[] = [
  { bucket: "< 5 min", upTo: 300 },
  { bucket: "5–15 min", upTo: 900 },
  { bucket: "15–60 min", upTo: 3_600 },
  { bucket: "1–4 h", upTo: 14_400 },
  { bucket: "> 4 h", upTo: Number.POSITIVE_INFINITY },
];

const heldAt = (job: JobHistoryRow, at: number) => job.submittedAt.getTime() <= at && (job.destroyedAt === null || job.destroyedAt.getTime() > at);
const inWindow = (at: Date | null, from: number, to: number) => at !== null && at.getTime() >= from && at.getTime() <= to;

export function jobStatistics(jobs: readonly JobHistoryRow[], printerNames: ReadonlyMap<number, string>, from: Date, to: Date): JobStatistics {
  const start = from.getTime();
  const end = to.getTime();
  const step = (end - start) / (HELD_POINTS - 1);
  const heldOverTime = Array.from({ length: HELD_POINTS }, (_, index) => {
    const at = start + index * step;
    return { at: new Date(at).toISOString(), held: jobs.filter((job) => heldAt(job, at)).length };
  });

  const collected = new Map<string, number>();
  let purged = 0;
  const waits: number[] = [];
  for (const job of jobs) {
    if (job.state === "released" && inWindow(job.releasedAt ?? job.destroyedAt, start, end)) {
      const label = (job.releasedPrinterId !== null && printerNames.get(job.releasedPrinterId)) || "(removed printer)";
      collected.set(label, (collected.get(label) ?? 0) + 1);
      if (job.releasedAt) waits.push(Math.max(0, (job.releasedAt.getTime() - job.submittedAt.getTime()) / 1000));
    } else if (job.state === "purged" && inWindow(job.destroyedAt, start, end)) {
      purged++;
    }
  }
  const finished = [...collected.values()].reduce((sum, count) => sum + count, 0) + purged;
  const share = (count: number) => (finished === 0 ? 0 : Math.round((count / finished) * 1000) / 10);
  const collectedVsPurged = [
    ...[...collected.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, count]) => ({ label, kind: "collected" as const, count, share: share(count) })),
    { label: "Purged, never collected", kind: "purged" as const, count: purged, share: share(purged) },
  ];

  const collectionTimes = COLLECTION_BUCKETS.map(({ bucket }) => ({ bucket, count: 0 }));
  for (const seconds of waits) collectionTimes[COLLECTION_BUCKETS.findIndex((entry) => seconds < entry.upTo)]!.count++;
  const sorted = [...waits].sort((a, b) => a - b);
  const medianCollectionSeconds = sorted.length === 0 ? null : Math.round(sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2);

  return { from: from.toISOString(), to: to.toISOString(), heldOverTime, collectedVsPurged, collectionTimes, medianCollectionSeconds };
}
