// GET /api/stats: the data behind the console's charts (both roles), from job timestamps only.
import { z } from "zod";
import { canViewConsole } from "../../policy/admin.js";
import { jobHistorySince } from "../../store/jobs.js";
import { listPrinters } from "../../store/printers.js";
import { jobStatistics } from "../job-statistics.js";
import { parseInput, type ApiRoute } from "../route.js";

const statsQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(14) });

export const statsRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/stats",
    allow: canViewConsole,
    changes: false,
    handle: async ({ request, services }) => {
      const { days } = parseInput(statsQuery, request.query);
      const to = new Date();
      const from = new Date(to.getTime() - days * 86_400_000);
      const { db } = services.context;
      const [jobs, printers] = await Promise.all([jobHistorySince(db, from), listPrinters(db)]);
      return { days, ...jobStatistics(jobs, new Map(printers.map((printer) => [printer.id, printer.name])), from, to) };
    },
  },
];
