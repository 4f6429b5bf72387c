// session:extend and session:logout — more time, or done.
import type { KioskRecord } from "../../store/kiosks.js";
import type { KioskServices } from "../kiosk-services.js";
import { parsePayload, sessionOnlyPayload } from "../payloads.js";

export function sessionExtend(services: KioskServices, kiosk: KioskRecord) {
  return async (payload: unknown): Promise<Record<string, unknown>> => {
    const { sessionId } = parsePayload(sessionOnlyPayload, payload);
    const session = services.sessions.require(kiosk.id, sessionId, { allowPinPending: true });
    services.sessions.touch(session);
    return { expiresAt: new Date(session.expiresAt).toISOString() };
  };
}

export function sessionLogout(services: KioskServices, kiosk: KioskRecord) {
  return async (payload: unknown): Promise<Record<string, unknown>> => {
    const { sessionId } = parsePayload(sessionOnlyPayload, payload);
    services.sessions.require(kiosk.id, sessionId, { allowPinPending: true });
    await services.sessions.endRecorded(kiosk.id, "logout");
    return {};
  };
}
