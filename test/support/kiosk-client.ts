// A socket.io client on the kiosk namespace, as a kiosk agent or screen would connect, for tests.
import { io, type Socket } from "socket.io-client";

export interface KioskClient {
  socket: Socket;
  /** Every event received so far, in order. */
  events: { event: string; payload: Record<string, unknown> }[];
  /** Resolves with the first event of that name (already received or still to come) matching `where`. */
  next(event: string, where?: (payload: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  emit(event: string, payload: unknown): Promise<Record<string, unknown>>;
  close(): void;
}

const CONNECT_TIMEOUT_MS = 15_000;

export async function connectKiosk(baseUrl: string, token: string, role: "agent" | "screen" = "screen", extraHeaders: Record<string, string> = {}): Promise<KioskClient> {
  const socket = io(`${baseUrl}/kiosk`, { auth: { token, role }, transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders });
  const events: KioskClient["events"] = [];
  const waiters: { event: string; where: (payload: Record<string, unknown>) => boolean; resolve: (payload: Record<string, unknown>) => void; from: number }[] = [];
  socket.onAny((event: string, payload: Record<string, unknown>) => {
    events.push({ event, payload });
    for (const waiter of [...waiters]) {
      if (waiter.event === event && waiter.where(payload)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(payload);
      }
    }
  });
  // A server that dies between the websocket opening and the namespace's answer gives neither
  // connect nor connect_error (there is no reconnection to fail): the crash loop hung there for good.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`kiosk connection (${role}) not answered within ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return {
    socket,
    events,
    next(event, where = () => true, timeoutMs = 20_000) {
      const seen = events.find((entry) => entry.event === event && where(entry.payload));
      if (seen) {
        events.splice(events.indexOf(seen), 1);
        return Promise.resolve(seen.payload);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms; got ${events.map((entry) => entry.event).join(", ")}`)), timeoutMs);
        waiters.push({ event, where, from: events.length, resolve: (payload) => {
          clearTimeout(timer);
          events.splice(events.findIndex((entry) => entry.payload === payload), 1);
          resolve(payload);
        } });
      });
    },
    emit: (event, payload) => socket.timeout(10_000).emitWithAck(event, payload) as Promise<Record<string, unknown>>,
    close: () => socket.close(),
  };
}
