// What the kiosk socket handlers share.
import type { RateLimiterMemory } from "../identity/rate-limiter-memory.js";
import type { AppContext } from "../app-context.js";
import type { Clock } from "../clock.js";
import type { PinGuard } from "../identity/pin-guard.js";
import type { Logger } from "../logger.js";
import type { ReleaseService } from "../release/release-service.js";
import type { CardLinks } from "./card-links.js";
import type { KioskSessions } from "./kiosk-sessions.js";

export interface KioskServices {
  context: AppContext;
  sessions: KioskSessions;
  release: ReleaseService;
  pins: PinGuard;
  links: CardLinks;
  logger: Logger;
  /** Session idle time, link expiry and connection durations are timed on it. */
  clock: Clock;
  /** Card reads per kiosk per minute. */
  cardLimiter: RateLimiterMemory;
  /** Link attempts (passwords, enrolment codes) per kiosk per minute. */
  linkLimiter: RateLimiterMemory;
  emitToKiosk(kioskId: number, event: string, payload: unknown): void;
}
