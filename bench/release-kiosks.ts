// The kiosk fleet for bench/release.ts: socket.io clients in their own process, timing badge → list and release, driven over IPC.
//
// The clients live outside the server's process on purpose: a client in the same event loop only
// reads what the server wrote once the server yields, so while the server is busy (a burst of
// badges, a long synchronous database call) in-process clients would see every answer at the end.
// Times are process.hrtime (CLOCK_MONOTONIC), comparable with the printer process's stamps.
import type { Socket } from "socket.io-client";
import { connectKiosk, type KioskClient } from "../test/support/kiosk-client.js";

export type KioskRequest =
  | { op: "connect"; baseUrl: string; tokens: string[] }
  | { op: "badge"; kiosk: number; card: string; expectedJobs: number }
  | { op: "badgeMany"; badges: { kiosk: number; card: string; expectedJobs: number }[] }
  /** Open loop: badge i starts at i × intervalMs whatever happened to the earlier ones, then logs out. */
  | { op: "badgeSchedule"; badges: { kiosk: number; card: string; expectedJobs: number }[]; intervalMs: number; serverStartedAt: number }
  | { op: "logout"; kiosk: number; sessionId: string }
  | { op: "logoutMany"; sessions: { kiosk: number; sessionId: string }[] }
  | { op: "release"; kiosk: number; sessionId: string; jobId: number; idempotencyKey: string }
  | { op: "close" };

export interface BadgeResult {
  /** card:present emitted → session:started received. */
  listMs: number;
  /** card:present emitted → its acknowledgement received. */
  ackMs: number;
  sessionId: string;
  jobCount: number;
  firstJobId: number;
}

export interface ScheduledBadge extends BadgeResult {
  /** Seconds since the server started, when this badge was sent. */
  sentAtS: number;
  /** How late the badge left against its schedule (ms): large values mean this process fell behind. */
  lateMs: number;
}

export interface ReleaseResult {
  /** hrtime (ns, as a Number) just before session:release was emitted. */
  sentAt: number;
  ackMs: number;
  outcome: string;
  /** The job:progress state that ended the job ("printed" or "failed"). */
  finalState: string;
}

const now = () => process.hrtime.bigint();
const msSince = (from: bigint) => Number(now() - from) / 1e6;

function onceEvent(socket: Socket, event: string, match: (payload: Record<string, unknown>) => boolean, timeoutMs = 30_000): Promise<{ at: bigint; payload: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const handler = (payload: Record<string, unknown>) => {
      const at = now();
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve({ at, payload });
    };
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, handler);
  });
}

let kiosks: KioskClient[] = [];

function kioskAt(index: number): Socket {
  const kiosk = kiosks[index];
  if (!kiosk) throw new Error(`no kiosk ${index}`);
  return kiosk.socket;
}

async function badge(index: number, card: string, expectedJobs: number): Promise<BadgeResult> {
  const socket = kioskAt(index);
  const started = onceEvent(socket, "session:started", () => true);
  const sent = now();
  const ack = (await socket.timeout(15_000).emitWithAck("card:present", { card })) as Record<string, unknown>;
  const ackMs = msSince(sent);
  if (ack.ok !== true || ack.outcome !== "session") {
    started.catch(() => undefined);
    throw new Error(`card:present at kiosk ${index}: ${JSON.stringify(ack)}`);
  }
  const { at, payload } = await started;
  const jobs = payload.jobs as { id: number }[];
  if (jobs.length !== expectedJobs) throw new Error(`card ${card} should list ${expectedJobs} jobs, listed ${jobs.length}`);
  return { listMs: Number(at - sent) / 1e6, ackMs, sessionId: String(payload.sessionId), jobCount: jobs.length, firstJobId: jobs[0]?.id ?? 0 };
}

async function logout(index: number, sessionId: string): Promise<void> {
  const ack = (await kioskAt(index).timeout(15_000).emitWithAck("session:logout", { sessionId })) as Record<string, unknown>;
  if (ack.ok !== true) throw new Error(`session:logout at kiosk ${index}: ${JSON.stringify(ack)}`);
}

async function release(index: number, sessionId: string, jobId: number, idempotencyKey: string): Promise<ReleaseResult> {
  const socket = kioskAt(index);
  const done = onceEvent(socket, "job:progress", (payload) => payload.jobId === jobId && payload.state !== "sending");
  const sent = now();
  const ack = (await socket.timeout(15_000).emitWithAck("session:release", { sessionId, jobIds: [jobId], idempotencyKey })) as { ok: boolean; results?: { outcome: string }[] };
  const ackMs = msSince(sent);
  const outcome = ack.ok ? (ack.results?.[0]?.outcome ?? "none") : JSON.stringify(ack);
  if (outcome !== "accepted") {
    done.catch(() => undefined);
    return { sentAt: Number(sent), ackMs, outcome, finalState: "" };
  }
  const progress = await done;
  return { sentAt: Number(sent), ackMs, outcome, finalState: String(progress.payload.state) };
}

async function badgeSchedule(badges: { kiosk: number; card: string; expectedJobs: number }[], intervalMs: number, serverStartedAt: number): Promise<ScheduledBadge[]> {
  const start = now();
  const busy = new Set<number>();
  const runs = badges.map(async (entry, index): Promise<ScheduledBadge> => {
    const due = start + BigInt(Math.round(index * intervalMs * 1e6));
    const wait = Number(due - now()) / 1e6;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (busy.has(entry.kiosk)) throw new Error(`kiosk ${entry.kiosk} is still busy with its previous badge: lengthen the interval`);
    busy.add(entry.kiosk);
    try {
      const sent = now();
      const result = await badge(entry.kiosk, entry.card, entry.expectedJobs);
      await logout(entry.kiosk, result.sessionId);
      return { ...result, sentAtS: (Number(sent) - serverStartedAt) / 1e9, lateMs: Number(sent - due) / 1e6 };
    } finally {
      busy.delete(entry.kiosk);
    }
  });
  return Promise.all(runs);
}

async function handle(request: KioskRequest): Promise<unknown> {
  switch (request.op) {
    case "connect":
      kiosks = await Promise.all(request.tokens.map((token) => connectKiosk(request.baseUrl, token, "screen")));
      for (const kiosk of kiosks) kiosk.socket.offAny(); // the helper's event log would only grow here
      return kiosks.length;
    case "badge":
      return badge(request.kiosk, request.card, request.expectedJobs);
    case "badgeMany":
      return Promise.all(request.badges.map((entry) => badge(entry.kiosk, entry.card, entry.expectedJobs)));
    case "badgeSchedule":
      return badgeSchedule(request.badges, request.intervalMs, request.serverStartedAt);
    case "logout":
      return logout(request.kiosk, request.sessionId);
    case "logoutMany":
      return Promise.all(request.sessions.map((entry) => logout(entry.kiosk, entry.sessionId)));
    case "release":
      return release(request.kiosk, request.sessionId, request.jobId, request.idempotencyKey);
    case "close":
      for (const kiosk of kiosks) kiosk.close();
      kiosks = [];
      return null;
  }
}

if (process.argv.includes("--kiosks-child")) {
  process.on("message", (message: { id: number; request: KioskRequest }) => {
    handle(message.request).then(
      (result) => process.send?.({ id: message.id, result }),
      (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on("disconnect", () => {
    for (const kiosk of kiosks) kiosk.close();
    process.exit(0);
  });
  process.send?.({ id: 0, result: "ready" });
}
