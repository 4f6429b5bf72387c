// The shape of an API route: method, path, who may call it (a pure predicate from
// server/policy/admin.ts, or "public" for login and kiosk pairing), whether it changes anything,
// and its handler. Routes are data: the router walks them, and the tests walk the same list.
import type { Request, Response } from "express";
import type { z } from "zod";
import type { AdminActor } from "../admin/actor.js";
import { PrintvaktError } from "../../core/errors.js";
import type { ConsoleActor } from "../policy/admin.js";
import type { ApiServices } from "./api-services.js";
import type { ConsoleSession } from "./console-sessions.js";

export type Method = "GET" | "POST" | "DELETE";

export interface PublicCall {
  request: Request;
  response: Response;
  services: ApiServices;
  peer: string;
}

export interface SessionCall extends PublicCall {
  actor: ConsoleActor;
  session: ConsoleSession;
}

/** A JSON answer, or undefined when the handler wrote the response itself (a download). */
export type Answer = Record<string, unknown> | unknown[] | undefined;

export type ApiRoute =
  | { method: Method; path: string; allow: "public"; changes: boolean; handle(call: PublicCall): Promise<Answer> }
  | { method: Method; path: string; allow: (actor: ConsoleActor) => boolean; changes: boolean; handle(call: SessionCall): Promise<Answer> };

/** Validates input with a schema; the first problem becomes a 400 with a message safe to show. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  const field = typeof issue?.path[0] === "string" ? issue.path[0] : undefined;
  throw new PrintvaktError("bad-request", `${where}${issue?.message ?? "invalid input"}`, field === undefined ? {} : { details: { field } });
}

/** How the audit names a console user (the same form the CLI's admin services take). */
export function adminActor(actor: ConsoleActor): AdminActor {
  return { label: `admin:${actor.username}`, role: actor.role };
}

export function peerOf(request: Request): string {
  return request.socket.remoteAddress ?? "unknown";
}

/** A route parameter as a positive integer id, or 404 (a malformed id names no job). */
export function idParam(value: unknown): number {
  const id = typeof value === "string" && /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new PrintvaktError("not-found", "no such job");
  return id;
}

export function textParam(value: unknown): string {
  if (typeof value !== "string" || value.length === 0) throw new PrintvaktError("not-found", "not found");
  return value;
}
