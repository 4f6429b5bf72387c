// A CardSink that presents cards to the Printvakt server over socket.io (namespace /kiosk), failing closed.
import { Manager, type Socket } from "socket.io-client";
import { PrintvaktError } from "../../core/errors.js";
import type { CardSink, PresentedCard } from "./card-sink.js";
import { parseBadgeAnswer, readBadgeAnswer } from "./reader-signal.js";
import { describeRelease, parseReleaseFinished } from "./release-report.js";
import { describeProgress, parseReleaseProgress } from "./release-progress.js";
import { kioskSocketAddress } from "./server-url.js";
import type { CardOutcome, StatusIndicator } from "./status-indicator.js";

/*
 * Design notes
 * - The token travels in the handshake's `auth` payload, never in the URL (URLs end up in proxy and
 *   access logs). Websocket transport only: no long-polling requests to log or replay.
 * - Fail closed. socket.io-client buffers emits made while disconnected and sends them after
 *   reconnecting; a card badged minutes ago must never open a session for whoever stands at the
 *   printer now. So present() refuses at once while disconnected, waits at most ackTimeoutMs for the
 *   acknowledgement (on timeout socket.io also drops the packet from its buffer), and every
 *   disconnect empties the send buffer: an emit made between a silently dead connection and its
 *   detection would otherwise sit there until the next connect.
 * - Reconnecting. After network failures socket.io's own back-off runs (reconnectDelayMs doubling to
 *   reconnectDelayMaxMs, ±50 % random so a fleet of kiosks does not reconnect in step). Two cases
 *   socket.io does not retry by itself: the server closing our connection (it does when it shuts
 *   down), after which we reconnect after the normal delay; and the server refusing the token
 *   ("unauthorized"). Then we keep trying, but only every unauthorizedRetryMs, asking the token
 *   provider again each time: an admin who renews the token (`printvakt kiosk token`) and writes it
 *   to the token file gets a working kiosk without a restart, while a fast loop would trip the
 *   server's limit on failed handshakes and flood its audit with kiosk.refused entries.
 * - Logs describe the connection and the server's answer, never the card or the token.
 * - At a reader-only kiosk the acknowledgement says only what was claimed ("claimed"); the real end
 *   comes later as `release:finished`. It is logged and passed to the indicator whenever it comes,
 *   even for a badge whose acknowledgement arrived too late: the jobs printed (or not) all the same.
 */

export interface SinkLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export type SinkState = "connecting" | "connected" | "disconnected" | "unauthorized" | "closed";

/** The outcomes `card:present` acknowledges (docs/kiosk-protocol.md); anything else is logged as "other". */
const knownOutcomes: ReadonlySet<string> = new Set<CardOutcome>(["session", "pin-required", "unknown-card", "logged-out", "claimed", "locked"]);

export interface SocketSinkOptions {
  /** The server's base URL, as validated by parseServerUrl. */
  readonly server: URL;
  /** Asked before every handshake, so a renewed token file is picked up on the next attempt. */
  readonly token: () => Promise<string>;
  readonly agentVersion: string;
  readonly logger: SinkLogger;
  /** A buzzer or status light; told each answer and each release's real outcome. */
  readonly indicator?: StatusIndicator;
  /** Default 5000 ms. */
  readonly ackTimeoutMs?: number;
  /** First reconnect delay, default 1000 ms. */
  readonly reconnectDelayMs?: number;
  /** Longest reconnect delay, default 30 000 ms. */
  readonly reconnectDelayMaxMs?: number;
  /** Retry interval after the server refused the token, default 60 000 ms. */
  readonly unauthorizedRetryMs?: number;
}

/** socket.io says only "websocket error"; the cause (ECONNREFUSED, a TLS certificate problem) is inside. */
function describeConnectError(error: Error): string {
  const cause = (error as { description?: { message?: unknown } }).description?.message;
  return typeof cause === "string" && cause !== "" ? `${error.message}: ${cause}` : error.message;
}

export class SocketSink implements CardSink {
  readonly #socket: Socket;
  readonly #logger: SinkLogger;
  readonly #indicator: StatusIndicator | undefined;
  readonly #ackTimeoutMs: number;
  readonly #reconnectDelayMs: number;
  readonly #unauthorizedRetryMs: number;
  readonly #stateListeners = new Set<(state: SinkState) => void>();
  #state: SinkState = "closed";
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #lastError: string | undefined;
  /** Jobs of this kiosk's releases now waiting for a busy or offline printer. */
  readonly #waitingJobs = new Set<number>();

  constructor(options: SocketSinkOptions) {
    this.#logger = options.logger;
    this.#indicator = options.indicator;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    this.#reconnectDelayMs = options.reconnectDelayMs ?? 1000;
    this.#unauthorizedRetryMs = options.unauthorizedRetryMs ?? 60_000;
    const address = kioskSocketAddress(options.server);
    const manager = new Manager(address.origin, {
      path: address.path,
      transports: ["websocket"],
      autoConnect: false,
      reconnection: true,
      reconnectionDelay: this.#reconnectDelayMs,
      reconnectionDelayMax: options.reconnectDelayMaxMs ?? 30_000,
      randomizationFactor: 0.5,
    });
    this.#socket = manager.socket(address.namespace, {
      auth: (send) => {
        options.token().then(
          (token) => send({ token, role: "agent", agentVersion: options.agentVersion }),
          (error: unknown) => {
            // Without a token the server refuses us, which lands in the slow unauthorized retry.
            this.#logger.error({ err: error instanceof Error ? error.message : String(error) }, "could not read the kiosk token");
            send({ role: "agent", agentVersion: options.agentVersion });
          },
        );
      },
    });
    this.#wire(manager, address.origin);
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  get state(): SinkState {
    return this.#state;
  }

  /** Called on every state change (tests, and the agent's own bookkeeping). */
  onState(listener: (state: SinkState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  start(): void {
    if (this.#state !== "closed") return;
    this.#setState("connecting");
    this.#socket.connect();
  }

  async present(card: PresentedCard): Promise<void> {
    if (!this.#socket.connected) throw new PrintvaktError("unavailable", "not connected to the server");
    let answer: unknown;
    try {
      answer = await this.#socket.timeout(this.#ackTimeoutMs).emitWithAck("card:present", { card: card.card, raw: card.raw });
    } catch (error) {
      // socket.io rejects on its timeout and when the connection drops before the answer.
      const reason = error instanceof Error ? error.message : String(error);
      throw new PrintvaktError("unavailable", `no acknowledgement for card:present within ${this.#ackTimeoutMs} ms (${reason})`, { cause: error });
    }
    this.#logAnswer(answer);
  }

  /** Disconnects and stops every retry; the sink cannot be started again. */
  async close(): Promise<void> {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#setState("closed");
    this.#socket.disconnect();
  }

  #logAnswer(answer: unknown): void {
    const reply = (answer ?? {}) as { ok?: unknown; outcome?: unknown; claimed?: unknown; sessionId?: unknown; error?: { code?: unknown; message?: unknown } };
    if (reply.ok === true) {
      const outcome = (typeof reply.outcome === "string" && knownOutcomes.has(reply.outcome) ? reply.outcome : "other") as CardOutcome;
      if (outcome === "claimed" && typeof reply.claimed === "number" && typeof reply.sessionId === "string") {
        this.#logger.info({ outcome, claimed: reply.claimed, sessionId: reply.sessionId }, `card acknowledged: claimed, ${reply.claimed} job(s) going to the printer`);
        this.#signal((indicator) => indicator.cardAnswered({ outcome, claimed: reply.claimed as number, sessionId: reply.sessionId as string }));
        return;
      }
      this.#logger.info({ outcome }, `card acknowledged: ${outcome}`);
      this.#signal((indicator) => indicator.cardAnswered({ outcome }));
      return;
    }
    const code = typeof reply.error?.code === "string" ? reply.error.code.slice(0, 32) : "unknown";
    // The server's messages are safe to show by contract (docs/kiosk-protocol.md) and carry no card.
    const message = typeof reply.error?.message === "string" ? reply.error.message.slice(0, 200) : "";
    const outcome = code === "locked" ? "locked" : "refused";
    this.#logger.warn({ outcome, code, message }, `card refused by the server: ${code}`);
    this.#signal((indicator) => indicator.cardAnswered({ outcome }));
  }

  #reportRelease(payload: unknown): void {
    const result = parseReleaseFinished(payload);
    if (result === undefined) {
      this.#logger.warn({}, "release:finished from the server not understood; ignored");
      return;
    }
    for (const job of result.jobs) this.#waitingJobs.delete(job.jobId);
    const { level, message } = describeRelease(result);
    const { sessionId, outcome, printed, failed, mayHavePrinted, jobs } = result;
    this.#logger[level]({ sessionId, outcome, printed, failed, mayHavePrinted, jobs }, message);
    this.#signal((indicator) => indicator.releaseFinished(result));
  }

  /** A reader-only kiosk's answer to a badge: one log line and the reader's signal. */
  #reportBadge(payload: unknown): void {
    const answer = parseBadgeAnswer(payload);
    if (answer === undefined) {
      this.#logger.warn({}, "badge:answered from the server not understood; ignored");
      return;
    }
    const { signal, message } = readBadgeAnswer(answer);
    this.#logger.info({ outcome: answer.outcome, signal }, message);
    this.#signal((indicator) => indicator.signal?.(signal));
  }

  #reportProgress(payload: unknown): void {
    // "sending" comes first for every job and again after a wait; only waiting and going on after a
    // wait are worth a line and a signal (release:finished sums up the rest).
    const progress = parseReleaseProgress(payload);
    if (progress === undefined) return;
    const { sessionId, jobId } = progress;
    if (progress.state === "waiting") {
      // Bounded: a job's entry goes when it is sent again or its release finishes.
      if (this.#waitingJobs.size < 500) this.#waitingJobs.add(jobId);
      this.#logger.warn({ sessionId, jobId, reason: progress.reason, retryAt: progress.retryAt }, describeProgress(progress));
    } else {
      if (!this.#waitingJobs.delete(jobId)) return;
      this.#logger.info({ sessionId, jobId }, describeProgress(progress));
    }
    this.#signal((indicator) => indicator.releaseProgress?.(progress));
  }

  /** An indicator driver's failure is logged and never reaches the card or the connection. */
  #signal(call: (indicator: StatusIndicator) => void): void {
    if (this.#indicator === undefined) return;
    try {
      call(this.#indicator);
    } catch (error) {
      this.#logger.warn({ err: error instanceof Error ? error.message : String(error) }, "the status indicator failed");
    }
  }

  #wire(manager: Manager, server: string): void {
    const socket = this.#socket;
    socket.on("badge:answered", (payload: unknown) => this.#reportBadge(payload));
    socket.on("release:finished", (payload: unknown) => this.#reportRelease(payload));
    socket.on("job:progress", (payload: unknown) => this.#reportProgress(payload));
    socket.on("connect", () => {
      this.#lastError = undefined;
      this.#setState("connected");
      this.#logger.info({ server }, "connected to the server");
    });
    socket.on("disconnect", (reason) => {
      socket.sendBuffer = [];
      if (this.#state === "closed") return;
      this.#setState("disconnected");
      this.#logger.warn({ reason }, `disconnected from the server: ${reason}`);
      // The server closed this socket itself (it does when it shuts down); socket.io leaves it closed.
      if (!socket.active) this.#retryAfter(this.#jittered(this.#reconnectDelayMs));
    });
    socket.on("connect_error", (error) => {
      if (this.#state === "closed") return;
      this.#lastError = describeConnectError(error);
      if (socket.active) {
        this.#logger.debug({ err: this.#lastError }, "could not connect to the server");
        return;
      }
      // Refused by the server's handshake check: socket.io will not try again by itself.
      this.#setState("unauthorized");
      const seconds = Math.round(this.#unauthorizedRetryMs / 1000);
      this.#logger.error(
        { reason: error.message, retryInSeconds: seconds },
        `the server refused this kiosk (${error.message}): check the kiosk token; renew it with \`printvakt kiosk token NAME\` and write it to the token file. Retrying every ${seconds} s`,
      );
      this.#retryAfter(this.#unauthorizedRetryMs);
    });
    manager.on("reconnect_attempt", (attempt) => {
      if (this.#state === "closed") return;
      this.#setState("connecting");
      this.#logger.info({ attempt, lastError: this.#lastError ?? "" }, `reconnecting, attempt ${attempt}`);
    });
  }

  #retryAfter(delayMs: number): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#state === "closed" || this.#socket.connected) return;
      this.#setState("connecting");
      this.#socket.connect();
    }, delayMs);
  }

  #jittered(delayMs: number): number {
    return Math.round(delayMs * (0.5 + Math.random()));
  }

  #setState(state: SinkState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }
}
