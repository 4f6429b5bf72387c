// Who is logged in at which kiosk: one session per kiosk, ended by logout, a second tap, the idle
// timer or a disconnect. Kept in memory on purpose: a restart logs everybody out (fail closed).
import { randomUUID } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";
import { systemClock, type Clock, type ScheduledTimer } from "../clock.js";

export type EndReason = "logout" | "idle" | "second-tap" | "replaced" | "disconnected" | "released" | "locked";

export interface KioskSession {
  id: string;
  kioskId: number;
  kioskName: string;
  userId: number;
  username: string;
  displayName: string;
  /**
   * The keyed hash of the card that opened the session, for PIN-failure audits. Never the number:
   * a heap dump or a debugger on a running server finds no card numbers of open sessions.
   */
  cardHash: string;
  /** True until the person has entered their PIN (card+PIN policy). */
  pinPending: boolean;
  startedAt: number;
  expiresAt: number;
  released: number;
  deleted: number;
}

export class KioskSessions {
  readonly #sessions = new Map<number, { session: KioskSession; timer: ScheduledTimer }>();

  constructor(
    private readonly idleMs: number,
    /** Told of every end; what it returns (the end's audit entry being written) is what endRecorded waits for. */
    private readonly onEnd: (session: KioskSession, reason: EndReason) => unknown,
    /** Injected so tests move time instead of waiting out the idle timeout. */
    private readonly clock: Clock = systemClock,
  ) {}

  current(kioskId: number): KioskSession | undefined {
    return this.#sessions.get(kioskId)?.session;
  }

  start(fields: Omit<KioskSession, "id" | "startedAt" | "expiresAt" | "released" | "deleted">): KioskSession {
    const previous = this.current(fields.kioskId);
    if (previous) this.end(fields.kioskId, "replaced");
    const now = this.clock.now();
    const session: KioskSession = { ...fields, id: randomUUID(), startedAt: now, expiresAt: now + this.idleMs, released: 0, deleted: 0 };
    this.#sessions.set(fields.kioskId, { session, timer: this.#timer(session) });
    return session;
  }

  /** The kiosk's open session with this id, or a "session ended" refusal (a stale, buffered event). */
  require(kioskId: number, sessionId: unknown, options: { allowPinPending?: boolean } = {}): KioskSession {
    const entry = this.#sessions.get(kioskId);
    if (!entry || typeof sessionId !== "string" || entry.session.id !== sessionId) {
      throw new PrintvaktError("session-ended", "The session has ended");
    }
    if (entry.session.pinPending && !options.allowPinPending) throw new PrintvaktError("not-authenticated", "Enter your PIN first");
    return entry.session;
  }

  /** Activity: restart the idle clock. */
  touch(session: KioskSession): void {
    const entry = this.#sessions.get(session.kioskId);
    if (!entry || entry.session !== session) return;
    entry.timer.cancel();
    session.expiresAt = this.clock.now() + this.idleMs;
    entry.timer = this.#timer(session);
  }

  end(kioskId: number, reason: EndReason): KioskSession | undefined {
    return this.#end(kioskId, reason)?.session;
  }

  /**
   * Ends the session and resolves once onEnd's work (its audit entry) is done: a person's own
   * logout is acknowledged after the log has it, so what the kiosk saw and what the log says agree.
   */
  async endRecorded(kioskId: number, reason: EndReason): Promise<void> {
    await this.#end(kioskId, reason)?.recorded;
  }

  #end(kioskId: number, reason: EndReason): { session: KioskSession; recorded: unknown } | undefined {
    const entry = this.#sessions.get(kioskId);
    if (!entry) return undefined;
    entry.timer.cancel();
    this.#sessions.delete(kioskId);
    return { session: entry.session, recorded: this.onEnd(entry.session, reason) };
  }

  endAll(reason: EndReason): void {
    for (const kioskId of [...this.#sessions.keys()]) this.end(kioskId, reason);
  }

  #timer(session: KioskSession): ScheduledTimer {
    return this.clock.schedule(session.expiresAt - this.clock.now(), () => this.end(session.kioskId, "idle"));
  }
}
