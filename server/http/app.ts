// The Express application: every HTTP route on the one port except IPP, which is answered before
// Express sees the request (see server/main.ts) so that no body parser ever buffers a document.
import express, { type Express } from "express";
import type { AppContext } from "../app-context.js";
import { healthHandler } from "./health.js";

export function createHttpApp(context: AppContext): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.get("/healthz", healthHandler(context.db));
  return app;
}
