// What /healthz reports about the data directory (reliability review D12, D6, D7): unavailable while
// the data directory or the spool cannot be written, free space is under the floor
// (PRINTVAKT_MIN_FREE_SPACE), or the database stays locked by another process. Checked at most
// once a second however often a load balancer asks; each probe writes a little.
import type { Clock, ScheduledTimer } from "../clock.js";
import type { Logger } from "../logger.js";
import { reasonOf } from "./startup-refusal.js";

export type HealthReport = { status: "ok" } | { status: "unavailable"; reason: string };

/** The checks, passed in so a unit test can fail each one; dataHealthProbes builds the real ones. */
export interface HealthProbes {
  dataDirWritable(): Promise<void>;
  spoolWritable(): Promise<void>;
  /** True when free space is under the floor for new documents. */
  diskShort(): Promise<boolean>;
  /** A write that changes nothing; it waits while another process holds the database's lock. */
  databaseWrite(): Promise<void>;
}

export interface HealthTimes {
  /** A report is reused for this long. */
  cacheMs: number;
  /** A database write still waiting after this long means the database stays locked. */
  lockedAfterMs: number;
}

const DEFAULT_TIMES: HealthTimes = { cacheMs: 1_000, lockedAfterMs: 5_000 };
/** The longest a check waits for the database probe: a health check must answer quickly. */
const PROBE_WAIT_MS = 500;

interface DatabaseProbe {
  startedAt: number;
  /** Resolves (never rejects) once the probe has settled. */
  outcome: Promise<void>;
  settled?: { reason: string | undefined };
}

export class DataHealth {
  #cached: { at: number; report: Promise<HealthReport> } | undefined;
  /** The one database write probe in flight: a locked database must not collect one per request. */
  #databaseProbe: DatabaseProbe | undefined;
  #lastReason: string | undefined;

  constructor(
    private readonly probes: HealthProbes,
    private readonly clock: Clock,
    private readonly logger?: Pick<Logger, "warn" | "info">,
    private readonly times: HealthTimes = DEFAULT_TIMES,
  ) {}

  check(): Promise<HealthReport> {
    const now = this.clock.now();
    if (this.#cached === undefined || now - this.#cached.at >= this.times.cacheMs) this.#cached = { at: now, report: this.#report() };
    return this.#cached.report;
  }

  async #report(): Promise<HealthReport> {
    const reason = await this.#firstProblem().catch((error: unknown) => `the data directory cannot be checked (${reasonOf(error)})`);
    if (reason !== this.#lastReason) {
      if (reason === undefined) this.logger?.info("the data directory is healthy again");
      else this.logger?.warn({ reason }, "the data directory is unhealthy: /healthz answers 503");
      this.#lastReason = reason;
    }
    return reason === undefined ? { status: "ok" } : { status: "unavailable", reason };
  }

  async #firstProblem(): Promise<string | undefined> {
    const writable = await this.#failure(this.probes.dataDirWritable(), "the data directory cannot be written");
    if (writable) return writable;
    const spool = await this.#failure(this.probes.spoolWritable(), "the spool directory cannot be written");
    if (spool) return spool;
    if (await this.probes.diskShort()) return "free disk space is under the floor (PRINTVAKT_MIN_FREE_SPACE)";
    return this.#databaseProblem();
  }

  async #failure(probe: Promise<void>, problem: string): Promise<string | undefined> {
    try {
      await probe;
      return undefined;
    } catch (error) {
      return `${problem} (${reasonOf(error)})`;
    }
  }

  /**
   * A probe that finished says what it found. One still waiting is waited for a little (up to
   * PROBE_WAIT_MS), and reported as "locked" once it has waited lockedAfterMs: a short wait is only
   * another writer's turn. The next check after a finished probe starts a new one.
   */
  async #databaseProblem(): Promise<string | undefined> {
    const probe = (this.#databaseProbe ??= this.#startDatabaseProbe());
    const wait = Math.min(PROBE_WAIT_MS, this.times.lockedAfterMs - (this.clock.now() - probe.startedAt));
    if (probe.settled === undefined && wait > 0) {
      let timer: ScheduledTimer | undefined;
      await Promise.race([probe.outcome, new Promise<void>((resolve) => (timer = this.clock.schedule(wait, resolve)))]);
      timer?.cancel();
    }
    if (probe.settled !== undefined) {
      this.#databaseProbe = undefined;
      return probe.settled.reason;
    }
    const waited = this.clock.now() - probe.startedAt;
    return waited >= this.times.lockedAfterMs ? `the database stays locked by another process (a write has waited ${Math.round(waited / 1000)} s)` : undefined;
  }

  #startDatabaseProbe(): DatabaseProbe {
    const probe: DatabaseProbe = { startedAt: this.clock.now(), outcome: Promise.resolve() };
    probe.outcome = this.probes.databaseWrite().then(
      () => void (probe.settled = { reason: undefined }),
      (error: unknown) => void (probe.settled = { reason: `the database cannot be written (${reasonOf(error)})` }),
    );
    return probe;
  }
}
