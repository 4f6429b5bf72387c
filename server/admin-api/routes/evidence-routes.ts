// GET /api/audit/evidence: one job's or one person's entries as signed evidence (a JSON download)
// that verifies offline with the public key (`printvakt audit verify-evidence`); recorded as
// audit.evidence-exported. Both roles: gathering evidence is what auditors are for.
import { z } from "zod";
import { exportEvidence } from "../../audit/evidence-export.js";
import { PrintvaktError } from "../../../core/errors.js";
import { canonicalUsername } from "../../identity/usernames.js";
import { canExportAudit } from "../../policy/admin.js";
import { adminActor, parseInput, type ApiRoute } from "../route.js";

const evidenceQuery = z.object({
  job: z.coerce.number().int().positive().optional(),
  person: z.string().trim().min(1).max(128).optional(),
});

export const evidenceRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/audit/evidence",
    allow: canExportAudit,
    changes: false,
    handle: async ({ request, response, services, actor, peer }) => {
      const query = parseInput(evidenceQuery, request.query);
      if ((query.job === undefined) === (query.person === undefined)) throw new PrintvaktError("bad-request", "name either one job or one person", { details: { field: "job" } });
      const selection = query.job !== undefined ? { job: query.job } : { person: canonicalUsername(query.person!) };
      const evidence = await exportEvidence(services.context.db, services.context.config, selection, { actor: adminActor(actor).label, peer });
      const name = "job" in selection ? `job-${selection.job}` : `person-${selection.person.replace(/[^A-Za-z0-9._-]/g, "_")}`;
      response.status(200);
      response.setHeader("Content-Type", "application/json; charset=utf-8");
      response.setHeader("Content-Disposition", `attachment; filename="printvakt-evidence-${name}.json"`);
      response.end(`${JSON.stringify(evidence, null, 2)}\n`);
      return undefined;
    },
  },
];
