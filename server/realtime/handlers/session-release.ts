// session:release — print the chosen jobs (or all) on this kiosk's printer, exactly once per
// idempotency key within the session: a double tap or a reconnecting kiosk gets the first answer
// again; the next person at the kiosk sending the same key gets their own release (review L3).
import type { KioskRecord } from "../../store/kiosks.js";
import { claimReleaseKey, storeReleaseOutcome } from "../../store/release-requests.js";
import { findUserByName } from "../../store/users.js";
import { PrintvaktError, toPrintvaktError } from "../../../core/errors.js";
import type { KioskServices } from "../kiosk-services.js";
import { parsePayload, sessionReleasePayload } from "../payloads.js";
import { heldJobViews, sessionView } from "../session-view.js";

export function sessionRelease(services: KioskServices, kiosk: KioskRecord) {
  return async (payload: unknown): Promise<Record<string, unknown>> => {
    const request = parsePayload(sessionReleasePayload, payload);
    const session = services.sessions.require(kiosk.id, request.sessionId);
    services.sessions.touch(session);
    const db = services.context.db;
    const jobIds = request.jobIds === "all" ? (await heldJobViews(services.context, session.username)).filter((job) => job.state === "held").map((job) => job.id) : request.jobIds;
    const releaseKey = { kioskId: kiosk.id, sessionId: session.id, key: request.idempotencyKey };
    // The person is read while the key's claim is written: a repeated key only wasted the read.
    const [claim, user] = await Promise.all([db.write((tx) => claimReleaseKey(tx, releaseKey, jobIds)), findUserByName(db, session.username)]);
    if (!claim.first) return { repeated: true, results: claim.outcome === "pending" ? [] : JSON.parse(claim.outcome) };
    if (!user) throw new PrintvaktError("session-ended", "The session has ended");
    const { outcomes, finished } = await services.release.release(
      { user, kiosk, cardHash: session.cardHash, mode: "screen", pin: request.pin, confirmReprint: request.confirmReprint === true },
      jobIds,
      (event) => services.emitToKiosk(kiosk.id, "job:progress", { sessionId: session.id, ...event }),
      // Written with the last job's claim: the answer costs no transaction of its own, and none queues before the send's record.
      (tx, answer) => storeReleaseOutcome(tx, releaseKey, JSON.stringify(answer)),
    );
    session.released += outcomes.filter((outcome) => outcome.outcome === "accepted").length;
    void finished
      .then(async () => {
        if (services.sessions.current(kiosk.id) === session) services.emitToKiosk(kiosk.id, "session:updated", await sessionView(services.context, session));
      })
      .catch((error) => services.logger.warn({ kioskId: kiosk.id, err: toPrintvaktError(error).message }, "session view after a release could not be sent"));
    return { results: outcomes };
  };
}
