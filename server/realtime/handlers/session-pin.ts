// session:pin — the person enters their PIN after badging (card+PIN accounts).
import { PrintvaktError, toPrintvaktError } from "../../../core/errors.js";
import type { KioskRecord } from "../../store/kiosks.js";
import { findUserByName } from "../../store/users.js";
import type { KioskServices } from "../kiosk-services.js";
import { parsePayload, sessionPinPayload } from "../payloads.js";
import { firstName, showStartedSession } from "../session-start.js";

export function sessionPin(services: KioskServices, kiosk: KioskRecord) {
  return async (payload: unknown): Promise<Record<string, unknown>> => {
    const { sessionId, pin } = parsePayload(sessionPinPayload, payload);
    const session = services.sessions.require(kiosk.id, sessionId, { allowPinPending: true });
    if (!session.pinPending) throw new PrintvaktError("not-possible", "No PIN is needed now");
    const user = await findUserByName(services.context.db, session.username);
    if (!user) throw new PrintvaktError("session-ended", "The session has ended");
    try {
      await services.pins.checkUserPin(user, pin, { kiosk: kiosk.name, cardHash: session.cardHash });
    } catch (error) {
      const failure = toPrintvaktError(error);
      if (failure.code === "locked") {
        services.sessions.end(kiosk.id, "locked");
        services.emitToKiosk(kiosk.id, "session:locked", { displayName: firstName(session.displayName || session.username), ...failure.answer });
      } else services.sessions.touch(session);
      throw error;
    }
    session.pinPending = false;
    services.sessions.touch(session);
    await showStartedSession(services, session, kiosk, "card+pin");
    return {};
  };
}
