// Reads a process's resident memory from /proc (Linux), once or sampled while something runs.
import { readFileSync } from "node:fs";

export interface MemoryReading {
  /** VmRSS: resident set now, bytes. */
  rssBytes: number;
  /** VmHWM: the highest resident set since the process started, bytes. */
  peakBytes: number;
}

function field(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(status);
  if (match === null) throw new Error(`/proc status has no ${name} line`);
  return Number(match[1]) * 1024;
}

export function readMemory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return { rssBytes: field(status, "VmRSS"), peakBytes: field(status, "VmHWM") };
}

/**
 * Samples VmRSS every `intervalMs` until stopped; the peak is the highest sample, or VmHWM when that
 * rose meanwhile (it also catches a peak between two samples).
 */
export function sampleMemory(pid: number, intervalMs = 25): { stop(): { before: MemoryReading; peakRssBytes: number; after: MemoryReading } } {
  const before = readMemory(pid);
  let peak = before.rssBytes;
  const timer = setInterval(() => {
    peak = Math.max(peak, readMemory(pid).rssBytes);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const after = readMemory(pid);
      const peakRssBytes = Math.max(peak, after.rssBytes, after.peakBytes > before.peakBytes ? after.peakBytes : 0);
      return { before, peakRssBytes, after };
    },
  };
}
