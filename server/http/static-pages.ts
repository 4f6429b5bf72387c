// The two pages the server serves as plain static files (no build step): the kiosk screen at
// /kiosk and the admin console at /admin, and the modules both import at /ui-shared. Both ship inside the package (see package.json "files").
import path from "node:path";
import express, { type Router } from "express";
import { overTls } from "../admin-api/cookies.js";
import { packageRoot } from "../paths.js";
import type { PublicHosts } from "./public-hosts.js";

export const kioskScreenDir = path.join(packageRoot, "kiosk", "screen");
export const consoleDir = path.join(packageRoot, "console");
/** Browser modules both pages import (their language state). */
export const sharedUiDir = path.join(packageRoot, "ui-shared");

export function staticPages(options: { consoleOnlyOverTls: boolean; hosts: PublicHosts }): Router {
  const router = express.Router();
  // With TLS configured, the console (and the password typed into it) only travels encrypted. The
  // redirect names one of our hosts, never one the client made up (review L5).
  if (options.consoleOnlyOverTls) {
    router.use("/admin", (request, response, next) => (overTls(request) ? next() : response.redirect(308, `${options.hosts.httpsOrigin(request)}${request.originalUrl}`)));
  }
  // "no-cache": revalidate every time, so a kiosk picks up a new version at its next reload.
  const serving = { index: "index.html", dotfiles: "ignore" as const, cacheControl: true, maxAge: 0, setHeaders: (response: express.Response) => response.setHeader("Cache-Control", "no-cache") };
  router.use("/kiosk", express.static(kioskScreenDir, serving));
  router.use("/admin", express.static(consoleDir, serving));
  router.use("/ui-shared", express.static(sharedUiDir, serving));
  return router;
}
