// CPU profile summaries for the benchmarks: self time by category (Prisma, libsql, server code,
// node core, ...) and by function, from an in-process inspector session or a --cpu-prof file.
import { fileURLToPath } from "node:url";

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Profiles this process until the returned function is called, which returns the summary. */
export async function startProfile() {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return async () => {
    const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: CpuProfile };
    session.disconnect();
    return summarizeProfile(profile);
  };
}

function categoryOf(frame: ProfileNode["callFrame"]): string {
  const url = frame.url;
  if (url === "") return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  if (url.includes("/server/store/generated/") || url.includes("@prisma/")) return "prisma (client, query interpreter, adapter)";
  if (url.includes("@libsql/") || url.includes("/libsql/")) return "libsql (SQLite driver)";
  if (url.includes("/bench/") || url.includes("/test/")) return "bench harness (IPC with the kiosk and printer processes)";
  if (url.includes("socket.io") || url.includes("engine.io") || url.includes("/ws/")) return "socket.io server and ws";
  if (url.includes("/zod/")) return "zod";
  if (url.includes("/server/spool/")) return "printvakt spool (cipher, files)";
  if (url.includes("/server/store/")) return "printvakt store (queries)";
  if (url.includes("/core/ipp/")) return "printvakt IPP codec";
  if (url.includes("/server/")) return "printvakt server code";
  if (url.includes("/drivers/")) return "printvakt printer drivers";
  if (url.startsWith("node:")) return "node core (net, http, streams, crypto)";
  if (url.includes("/node_modules/")) return `other: ${url.split("/node_modules/").pop()?.split("/")[0] ?? "?"}`;
  return "other";
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

/**
 * Self time by category and by function. `window`: only the samples taken between these two
 * readings of the monotonic clock, in µs (V8 stamps samples with it, as process.hrtime reads it).
 */
export function summarizeProfile(profile: CpuProfile, window?: { fromUs: number; toUs: number }) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  const root = fileURLToPath(new URL("..", import.meta.url));
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    categories.set(categoryOf(frame), (categories.get(categoryOf(frame)) ?? 0) + us);
    const where = frame.url === "" ? "" : ` ${frame.url.replace(/^file:\/\//, "").replace(root, "")}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName || "(anonymous)"}${where}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const total = [...categories.values()].reduce((sum, us) => sum + us, 0);
  const share = (entries: Map<string, number>, top: number) =>
    [...entries].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: round(us / 1000, 1), percent: round((100 * us) / total, 1) }));
  return { totalMs: round(total / 1000, 1), categories: share(categories, 20), topFunctions: share(functions, 30) };
}
