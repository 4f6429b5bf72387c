// Mounts the API route table on an Express router: guards, JSON body, handler, one error shape.
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { PrintvaktError } from "../../core/errors.js";
import type { ApiServices } from "./api-services.js";
import { assertAccountCurrent, assertCsrf, assertSameOrigin, isStateChanging, requireSession } from "./request-guards.js";
import { peerOf, type ApiRoute } from "./route.js";
import { API_ROUTES } from "./routes.js";

const jsonBody = express.json({ limit: "16kb" });

function run(route: ApiRoute, services: ApiServices) {
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const changing = isStateChanging(request.method);
    if (changing) assertSameOrigin(request);
    const base = { request, response, services, peer: peerOf(request) };
    let answer;
    if (route.allow === "public") {
      if (changing) assertCsrf(request, undefined);
      await new Promise<void>((resolve, reject) => jsonBody(request, response, (error?: unknown) => (error ? reject(error) : resolve())));
      answer = await route.handle(base);
    } else {
      const session = requireSession(request, services);
      await assertAccountCurrent(request, services, session);
      if (changing) assertCsrf(request, session);
      // The role decides before any input is read: an auditor gets 403 whatever they send.
      if (!route.allow(session.actor)) throw new PrintvaktError("forbidden", "Your role does not allow this");
      await new Promise<void>((resolve, reject) => jsonBody(request, response, (error?: unknown) => (error ? reject(error) : resolve())));
      answer = await route.handle({ ...base, actor: session.actor, session });
    }
    if (answer !== undefined) response.json(answer);
    else if (!response.headersSent) next();
  };
}

function decodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export function createApiRouter(services: ApiServices): Router {
  const router = express.Router();
  router.use("/api", (request, response, next) => {
    response.setHeader("Cache-Control", "no-store");
    // A path that is not valid percent-encoding names no route. Checked before the routes (whose
    // parameters the router would fail to decode with a 500) and after the session, so that without
    // one every API path still answers 401 alike.
    if (!decodablePath(request.path)) {
      requireSession(request, services);
      throw new PrintvaktError("bad-request", "The request path is not valid percent-encoding");
    }
    next();
  });
  for (const route of API_ROUTES) {
    const method = route.method.toLowerCase() as "get" | "post" | "delete";
    router[method](route.path, run(route, services));
  }
  // Unknown API paths: 401 without a session (the route list is not advertised), else 404.
  router.all("/api/{*rest}", (request) => {
    requireSession(request, services);
    throw new PrintvaktError("not-found", "No such API route");
  });
  return router;
}
