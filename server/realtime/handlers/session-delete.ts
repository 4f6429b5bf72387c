// session:delete — the owner deletes held jobs at the kiosk; keys and files are destroyed.
import { destroyJobAndFile } from "../../jobs/destroy-job.js";
import { DELETABLE_STATES } from "../../jobs/job-states.js";
import { canDeleteAtKiosk } from "../../policy/release.js";
import { findJob } from "../../store/jobs.js";
import type { KioskRecord } from "../../store/kiosks.js";
import type { KioskServices } from "../kiosk-services.js";
import { parsePayload, sessionDeletePayload } from "../payloads.js";
import { sessionView } from "../session-view.js";

export function sessionDelete(services: KioskServices, kiosk: KioskRecord, spool: Parameters<typeof destroyJobAndFile>[1]) {
  return async (payload: unknown): Promise<Record<string, unknown>> => {
    const { sessionId, jobIds } = parsePayload(sessionDeletePayload, payload);
    const session = services.sessions.require(kiosk.id, sessionId);
    services.sessions.touch(session);
    const deleted: number[] = [];
    for (const jobId of jobIds) {
      const job = await findJob(services.context.db, jobId);
      if (!job || !canDeleteAtKiosk(session.username, job)) continue;
      const destroyed = await destroyJobAndFile(services.context.db, spool, services.logger, {
        jobId,
        from: DELETABLE_STATES,
        to: "deleted",
        stateReason: "Deleted by its owner at a kiosk",
        audit: { type: "job.deleted", actor: `user:${session.username}`, details: { kiosk: kiosk.name, identifiedBy: "kiosk" } },
      });
      if (destroyed) deleted.push(jobId);
    }
    session.deleted += deleted.length;
    services.emitToKiosk(kiosk.id, "session:updated", await sessionView(services.context, session));
    return { deleted };
  };
}
