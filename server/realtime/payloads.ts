// Schemas for what kiosks send: anything else is refused before a handler runs.
import { z } from "zod";
import { PrintvaktError } from "../../core/errors.js";

const sessionId = z.string().uuid();

export const cardPresentPayload = z.object({ card: z.string().min(1).max(64), raw: z.string().max(256).optional() });
export const sessionPinPayload = z.object({ sessionId, pin: z.string().regex(/^[0-9]{4,12}$/) });
export const sessionReleasePayload = z.object({
  sessionId,
  jobIds: z.union([z.literal("all"), z.array(z.number().int().positive()).min(1).max(200)]),
  idempotencyKey: z.string().min(8).max(100),
  pin: z.string().regex(/^[0-9]{4,12}$/).optional(),
  /** The owner saw "may already have printed" and chose to print those jobs again. */
  confirmReprint: z.boolean().optional(),
});
export const sessionDeletePayload = z.object({ sessionId, jobIds: z.array(z.number().int().positive()).min(1).max(200) });
export const sessionOnlyPayload = z.object({ sessionId });
export const cardLinkPayload = z.object({
  linkId: z.string().uuid(),
  // Empty with an enrolment code: the code alone says whose it is (typed on the screen's keys).
  username: z.string().max(128).default(""),
  secret: z.string().min(1).max(1024),
  kind: z.enum(["password", "enrolment-code"]),
});

export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload);
  if (!result.success) throw new PrintvaktError("bad-request", "The request is not valid");
  return result.data;
}
