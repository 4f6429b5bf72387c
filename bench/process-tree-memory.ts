// Peak memory of the processes this one starts (a sandboxed converter, cupsfilter and its filters):
// the resident sizes of all descendants, summed, sampled from /proc while `work` runs. A sample
// every 50 ms can miss a peak shorter than that; both sides of a comparison are measured alike.
import { readdirSync, readFileSync } from "node:fs";

const PAGE_BYTES = 4096;
const SAMPLE_MS = 50;

function parentsOfAll(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ")".
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // The process ended while being read.
    }
  }
  return children;
}

function residentBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE_BYTES;
  } catch {
    return 0;
  }
}

/** The summed resident size of every descendant of `root` right now. */
export function descendantsResidentBytes(root = process.pid): number {
  const children = parentsOfAll();
  let total = 0;
  const pending = [...(children.get(root) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    total += residentBytes(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs `work`, and answers its result with the wall time and the peak memory of the descendants. */
export async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakBytes: number }> {
  let peakBytes = 0;
  const timer = setInterval(() => (peakBytes = Math.max(peakBytes, descendantsResidentBytes())), SAMPLE_MS);
  const start = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - start) / 1000, peakBytes };
  } finally {
    clearInterval(timer);
  }
}
