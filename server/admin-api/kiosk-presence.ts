// Which kiosks have an agent or a screen connected right now, and cutting a kiosk off (after its
// token was replaced or revoked: a socket is authenticated once, at its handshake).
import type { Server } from "socket.io";
import { KIOSK_NAMESPACE, kioskRoom } from "../realtime/kiosk-namespace.js";

export interface Connections {
  agents: number;
  screens: number;
}

export interface KioskPresence {
  connections(): Promise<Map<number, Connections>>;
  disconnect(kioskId: number): void;
}

export function socketPresence(io: Server): KioskPresence {
  return {
    async connections() {
      const counts = new Map<number, Connections>();
      for (const socket of await io.of(KIOSK_NAMESPACE).fetchSockets()) {
        const kioskId = (socket.data as { kiosk?: { id: number } }).kiosk?.id;
        if (kioskId === undefined) continue;
        const entry = counts.get(kioskId) ?? { agents: 0, screens: 0 };
        if (socket.data.role === "screen") entry.screens++;
        else entry.agents++;
        counts.set(kioskId, entry);
      }
      return counts;
    },
    disconnect(kioskId) {
      io.of(KIOSK_NAMESPACE).in(kioskRoom(kioskId)).disconnectSockets(true);
    },
  };
}

/** For an app without realtime (unit tests of the HTTP layer): nobody is connected. */
export const noPresence: KioskPresence = { connections: async () => new Map(), disconnect: () => undefined };
