// Held jobs: listed with titles masked (both roles); an admin may see one title or delete a held
// job, each with a stated reason that goes into the audit. No route returns a document's content.
import { z } from "zod";
import { deleteHeldJob, revealJobTitle } from "../../admin/held-jobs.js";
import { LIVE_STATES } from "../../jobs/job-states.js";
import { canManageJobs, canViewConsole } from "../../policy/admin.js";
import { listJobs } from "../../store/jobs.js";
import { heldJobView } from "../list-views.js";
import { idParam, parseInput, type ApiRoute } from "../route.js";

const reasonBody = z.object({ reason: z.string().max(2000) });

export const jobRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/jobs",
    allow: canViewConsole,
    changes: false,
    handle: async ({ services }) => (await listJobs(services.context.db, LIVE_STATES, 1_000)).map(heldJobView),
  },
  {
    method: "POST",
    path: "/api/jobs/:id/title",
    allow: canManageJobs,
    // Reads (and audits) one title; it changes nothing, but only admins may ask.
    changes: false,
    handle: async ({ request, services, actor }) => {
      const { reason } = parseInput(reasonBody, request.body);
      const title = await revealJobTitle({ db: services.context.db, masterKey: services.context.masterKey }, actor, idParam(request.params.id), reason);
      return { title };
    },
  },
  {
    method: "POST",
    path: "/api/jobs/:id/delete",
    allow: canManageJobs,
    changes: true,
    handle: async ({ request, services, actor }) => {
      const { reason } = parseInput(reasonBody, request.body);
      await deleteHeldJob({ db: services.context.db, spool: services.spool, logger: services.logger }, actor, idParam(request.params.id), reason);
      return { ok: true };
    },
  },
];
