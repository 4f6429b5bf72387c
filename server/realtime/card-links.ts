// Unknown cards waiting to be linked to an account at the kiosk where they were read. Short-lived
// and bound to that kiosk, so a link id seen elsewhere is useless.
import { randomUUID } from "node:crypto";
import { systemClock, type Clock } from "../clock.js";
import type { HashedCard } from "../identity/card-numbers.js";

const LINK_TTL_MS = 120_000;
/** Tries one link allows: a typo can be corrected (review K11), guessing is not worth it. */
const ATTEMPTS_PER_LINK = 5;

export interface PendingLink {
  id: string;
  kioskId: number;
  /** The unknown card as it will be stored (keyed hash and ending); the number itself is not kept. */
  card: HashedCard;
  expiresAt: number;
  attempts: number;
}

export class CardLinks {
  readonly #links = new Map<string, PendingLink>();

  /** Expiry is timed on this clock, so tests step past it instead of waiting two minutes. */
  constructor(private readonly clock: Clock = systemClock) {}

  create(kioskId: number, card: HashedCard): PendingLink {
    const now = this.clock.now();
    for (const [id, link] of this.#links) if (link.expiresAt <= now || link.kioskId === kioskId) this.#links.delete(id);
    const link = { id: randomUUID(), kioskId, card, expiresAt: now + LINK_TTL_MS, attempts: 0 };
    this.#links.set(link.id, link);
    return link;
  }

  /**
   * The link for one linking attempt, kept so a mistyped password or code can be tried again
   * within the link's time, up to ATTEMPTS_PER_LINK tries; undefined when unknown, expired or from another kiosk. The caller
   * removes it (finish) once the card is linked.
   */
  attempt(kioskId: number, id: unknown): PendingLink | undefined {
    if (typeof id !== "string") return undefined;
    const link = this.#links.get(id);
    if (!link || link.kioskId !== kioskId || link.expiresAt <= this.clock.now()) return undefined;
    link.attempts += 1;
    if (link.attempts >= ATTEMPTS_PER_LINK) this.#links.delete(id);
    return link;
  }

  /** The card is linked: its link is used up. */
  finish(id: string): void {
    this.#links.delete(id);
  }

  static readonly attemptsPerLink = ATTEMPTS_PER_LINK;
  static readonly ttlSeconds = LINK_TTL_MS / 1000;
}
