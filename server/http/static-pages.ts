// The two pages the server serves as plain static files (no build step): the kiosk screen at
// /kiosk and the admin console at /admin. Both ship inside the package (see package.json "files").
import path from "node:path";
import express, { type Router } from "express";
import { packageRoot } from "../paths.js";

export const kioskScreenDir = path.join(packageRoot, "kiosk", "screen");
export const consoleDir = path.join(packageRoot, "console");

export function staticPages(): Router {
  const router = express.Router();
  // "no-cache": revalidate every time, so a kiosk picks up a new version at its next reload.
  const options = { index: "index.html", dotfiles: "ignore" as const, cacheControl: true, maxAge: 0, setHeaders: (response: express.Response) => response.setHeader("Cache-Control", "no-cache") };
  router.use("/kiosk", express.static(kioskScreenDir, options));
  router.use("/admin", express.static(consoleDir, options));
  return router;
}
