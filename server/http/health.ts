// GET /healthz: answers once the database is migrated and reachable.
import type { Request, Response } from "express";
import { httpStatusOf } from "../../core/error-answers.js";
import type { Database } from "../store/database.js";
import { probeDatabase } from "../store/sqlite-maintenance.js";

export function healthHandler(db: Database) {
  return async (_request: Request, response: Response): Promise<void> => {
    try {
      await probeDatabase(db);
      response.json({ status: "ok" });
    } catch {
      response.status(httpStatusOf("unavailable")).json({ status: "unavailable" });
    }
  };
}
