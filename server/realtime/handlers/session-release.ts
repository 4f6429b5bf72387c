// session:release — print the chosen jobs (or all) on this kiosk's printer, exactly once per
// idempotency key within the session: a double tap or a reconnecting kiosk gets the first answer
// again; the next person at the kiosk sending the same key gets their own release (review L3).
import type { KioskRecord } from "../../store/kiosks.js";
import { releaseReads } from "../../store/release-reads.js";
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
    // The person, the kiosk's printer and the first job in one read (issue 13: three before).
    const read = await releaseReads(db, { username: session.username, printerId: kiosk.printerId, ...(jobIds.length > 0 ? { jobId: jobIds[0]! } : {}) });
    const user = read.user;
    if (!user) throw new PrintvaktError("session-ended", "The session has ended");
    const released = await services.release.release(
      { user, kiosk, cardHash: session.cardHash, mode: "screen", pin: request.pin, confirmReprint: request.confirmReprint === true },
      jobIds,
      (event) => services.emitToKiosk(kiosk.id, "job:progress", { sessionId: session.id, ...event }),
      // The key is claimed by the release's first write and the answer stored with its last claim:
      // neither costs a transaction of its own before the first byte (issue 13).
      { releaseKey, jobIds },
      { printer: read.printer, firstJob: read.job },
    );
    const earlierAnswer = released.earlierAnswer ?? "pending";
    if (released.repeated) return { repeated: true, results: earlierAnswer === "pending" ? [] : JSON.parse(earlierAnswer) };
    const { outcomes, finished } = released;
    session.released += outcomes.filter((outcome) => outcome.outcome === "accepted").length;
    void finished
      .then(async () => {
        if (services.sessions.current(kiosk.id) === session) services.emitToKiosk(kiosk.id, "session:updated", await sessionView(services.context, session));
      })
      .catch((error) => services.logger.warn({ kioskId: kiosk.id, err: toPrintvaktError(error).message }, "session view after a release could not be sent"));
    return { results: outcomes };
  };
}
