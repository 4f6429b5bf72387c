// GET /healthz: 200 {status: "ok"} while the server can take work; 503 {status, reason} while the
// database cannot be reached, or the data directory cannot take writes (server/data-dir/data-health.ts).
import type { Request, Response } from "express";
import { httpStatusOf } from "../../core/error-answers.js";
import type { DataHealth } from "../data-dir/data-health.js";
import type { Database } from "../store/database.js";
import { probeDatabase } from "../store/sqlite-maintenance.js";

export function healthHandler(db: Database, data: DataHealth) {
  return async (_request: Request, response: Response): Promise<void> => {
    try {
      await probeDatabase(db);
    } catch {
      response.status(httpStatusOf("unavailable")).json({ status: "unavailable", reason: "the database cannot be reached" });
      return;
    }
    const report = await data.check();
    if (report.status !== "ok") response.status(httpStatusOf("unavailable"));
    response.json(report);
  };
}
