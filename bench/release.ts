// Measures badge → job list and release → first byte at the printer with 100,000 held jobs, against cupsd's resume; writes bench/results/release.json.
//
// Run: npm run bench:release   (npx tsx bench/release.ts [--jobs N --people N --kiosks N --badges N
//      --badges-per-second N --burst-rounds N --releases N --cups-jobs N --doc-bytes N --skip-cups --profile])
// Needs root and cupsd for the cupsd side (as test/support/cupsd.ts); --skip-cups leaves it out.
// Prints figures and writes them; it never asserts timings. See bench/README.md.
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, open, rm, stat, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { addKiosk } from "../server/admin/kiosks.js";
import { addPrinter } from "../server/admin/printers.js";
import { openAppContext, type AppContext } from "../server/app-context.js";
import { appendAudit } from "../server/store/audit-log.js";
import { loadConfig } from "../server/config.js";
import { decodeIppMessage } from "../core/ipp/codec/decode.js";
import { encodeIppMessage } from "../core/ipp/codec/encode.js";
import { IppOperation } from "../core/ipp/codec/operations.js";
import { GroupTag, ValueTag } from "../core/ipp/codec/tags.js";
import type { IppMessage, IppValue } from "../core/ipp/codec/types.js";
import { heldJobViews } from "../server/realtime/session-view.js";
import { SpoolStore } from "../server/spool/spool-store.js";
import { openDatabase } from "../server/store/database.js";
import { listJobsOfOwner } from "../server/store/jobs.js";
import { sweepOrphanedSpoolFiles } from "../server/retention/orphan-sweep.js";
import { listPrinters } from "../server/store/printers.js";
import { findUserByCard } from "../server/store/users.js";
import { driverForUri } from "../drivers/printers/driver-for-uri.js";
import { parseRequestId, startCupsd, type Cupsd } from "../test/support/cupsd.js";
import { startInProcessServer, type InProcessServer } from "../test/support/in-process-server.js";
import { makePdf } from "../test/support/pdf.js";
import type { BadgeResult, KioskRequest, ReleaseResult, ScheduledBadge } from "./release-kiosks.js";
import type { PrinterEvent } from "./release-printer.js";
import { startProfile } from "./cpu-profile.js";
import { seedHeldJobs, titleOf, type SeededPerson } from "./release-seed.js";
import { asCli } from "../test/support/printer-destination.js";
import { option } from "./options.js";
import { onDatabaseFile } from "../test/support/database-rows.js";

// ---------------------------------------------------------------- options

const flag = (name: string) => process.argv.includes(`--${name}`);

const settings = {
  people: option("people", 5_000),
  jobs: option("jobs", 100_000),
  kiosks: option("kiosks", 50),
  badges: option("badges", 500),
  badgesPerSecond: option("badges-per-second", 5),
  burstRounds: option("burst-rounds", 5),
  releases: option("releases", 100),
  warmupReleases: 5,
  cupsJobs: option("cups-jobs", 50),
  cupsWarmup: 3,
  documentBytes: option("doc-bytes", 300_000),
  heavyEvery: 50,
  heavyJobs: 100,
  batchSize: 2_000,
  seed: 20261122,
  skipCups: flag("skip-cups"),
  profile: flag("profile"),
};
// Issue 13's aims. Release → first byte has no fixed figure: it must be no slower than cupsd's
// Release-Job in the same run, at p50 and at p99.
const AIMS = { listP99Ms: 50, burstP99Ms: 250, firstByte: "p50 and p99 ≤ cupsd Release-Job" };
const CARD_READS_PER_MINUTE = 29; // the server allows 30 card reads per kiosk per minute

// ---------------------------------------------------------------- small helpers

const now = () => process.hrtime.bigint();
const msBetween = (from: bigint, to: bigint | number) => (typeof to === "bigint" ? Number(to - from) : to - Number(from)) / 1e6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** mulberry32: a small seeded generator, so every run badges the same people in the same order. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Summary {
  n: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles (p99 of 50 samples is the largest one). */
function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, min: round(sorted[0] ?? Number.NaN), p50: round(rank(50)), p90: round(rank(90)), p99: round(rank(99)), max: round(sorted.at(-1) ?? Number.NaN), mean: round(mean) };
}

/** Event-loop delay of this process (the server's) during one phase. */
function loopDelay() {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return () => {
    histogram.disable();
    return { p50Ms: round(histogram.percentile(50) / 1e6), p99Ms: round(histogram.percentile(99) / 1e6), maxMs: round(histogram.max / 1e6) };
  };
}

// ---------------------------------------------------------------- child processes

/** Runs a bench/*.ts file as a child with an IPC channel (tsx loader, structured-clone messages). */
function forkBenchChild(file: string, flagName: string): ChildProcess {
  return fork(fileURLToPath(new URL(file, import.meta.url)), [flagName], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    execArgv: ["--import", "tsx"],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    if (child.connected) child.disconnect();
    setTimeout(() => child.kill(), 5_000).unref();
  });
}

// ---------------------------------------------------------------- the printer process

class PrinterProcess {
  readonly #waiters: { match: (event: PrinterEvent) => boolean; resolve: (event: PrinterEvent) => void }[] = [];
  readonly requests: { printer: string; operation: string }[] = [];
  port = 0;

  private constructor(readonly child: ChildProcess) {
    child.on("message", (message: PrinterEvent | { type: "ready"; port: number }) => {
      if (message.type === "ready") return;
      if (message.type === "request") this.requests.push({ printer: message.printer, operation: message.operation });
      for (const waiter of [...this.#waiters]) {
        if (waiter.match(message)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
  }

  static async start(): Promise<PrinterProcess> {
    const child = forkBenchChild("./release-printer.ts", "--printer-child");
    const printer = new PrinterProcess(child);
    printer.port = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`the printer process exited (${code}) before it was ready`)));
      child.on("message", (message: { type: string; port?: number }) => {
        if (message.type === "ready" && message.port) resolve(message.port);
      });
    });
    return printer;
  }

  uri(name: string): string {
    return `ipp://127.0.0.1:${this.port}/ipp/print/${name}`;
  }

  /** Registers before the action that causes the event: nothing that arrives earlier is missed. */
  wait<T extends PrinterEvent["type"]>(type: T, printer: string, jobName: (name: string) => boolean, timeoutMs = 30_000): Promise<Extract<PrinterEvent, { type: T }>> {
    return new Promise((resolve, reject) => {
      const waiter = {
        match: (event: PrinterEvent) => event.type === type && event.printer === printer && "jobName" in event && jobName(event.jobName),
        resolve: (event: PrinterEvent) => {
          clearTimeout(timer);
          resolve(event as Extract<PrinterEvent, { type: T }>);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`printer ${printer}: no ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

// ---------------------------------------------------------------- kiosks (a child process)

class KioskFleet {
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;
  /** Card reads per kiosk in the last minute (the server limits them). */
  readonly #reads: number[][] = [];

  private constructor(readonly child: ChildProcess) {
    child.on("message", (message: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
    child.once("exit", (code) => {
      for (const waiter of this.#pending.values()) waiter.reject(new Error(`the kiosk process exited (${code})`));
      this.#pending.clear();
    });
  }

  static async start(): Promise<KioskFleet> {
    const child = forkBenchChild("./release-kiosks.ts", "--kiosks-child");
    const fleet = new KioskFleet(child);
    await new Promise<void>((resolve, reject) => {
      fleet.#pending.set(0, { resolve: () => resolve(), reject });
      child.once("error", reject);
    });
    return fleet;
  }

  #call<T>(request: KioskRequest): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, request });
    });
  }

  async #respectCardLimit(kiosk: number): Promise<void> {
    for (;;) {
      const since = Date.now() - 61_000;
      const reads = (this.#reads[kiosk] = (this.#reads[kiosk] ?? []).filter((at) => at > since));
      if (reads.length < CARD_READS_PER_MINUTE) {
        reads.push(Date.now());
        return;
      }
      await sleep(reads[0]! - since + 10);
    }
  }

  connect(baseUrl: string, tokens: string[]): Promise<number> {
    return this.#call({ op: "connect", baseUrl, tokens });
  }

  async badge(kiosk: number, person: SeededPerson): Promise<BadgeResult> {
    await this.#respectCardLimit(kiosk);
    return this.#call({ op: "badge", kiosk, card: person.card, expectedJobs: Math.min(person.jobs, 200) });
  }

  async badgeMany(badges: { kiosk: number; person: SeededPerson }[]): Promise<BadgeResult[]> {
    for (const entry of badges) await this.#respectCardLimit(entry.kiosk);
    return this.#call({ op: "badgeMany", badges: badges.map((entry) => ({ kiosk: entry.kiosk, card: entry.person.card, expectedJobs: Math.min(entry.person.jobs, 200) })) });
  }

  async badgeSchedule(badges: { kiosk: number; person: SeededPerson }[], intervalMs: number, serverStartedAt: bigint): Promise<ScheduledBadge[]> {
    for (const entry of badges) await this.#respectCardLimit(entry.kiosk);
    const planned = badges.map((entry) => ({ kiosk: entry.kiosk, card: entry.person.card, expectedJobs: Math.min(entry.person.jobs, 200) }));
    return this.#call({ op: "badgeSchedule", badges: planned, intervalMs, serverStartedAt: Number(serverStartedAt) });
  }

  logout(kiosk: number, sessionId: string): Promise<void> {
    return this.#call({ op: "logout", kiosk, sessionId });
  }

  logoutMany(sessions: { kiosk: number; sessionId: string }[]): Promise<void> {
    return this.#call({ op: "logoutMany", sessions });
  }

  release(kiosk: number, sessionId: string, jobId: number): Promise<ReleaseResult> {
    return this.#call({ op: "release", kiosk, sessionId, jobId, idempotencyKey: randomUUID() });
  }

  async stop(): Promise<void> {
    if (this.child.connected) await this.#call({ op: "close" }).catch(() => undefined);
    await stopChild(this.child);
  }
}

// ---------------------------------------------------------------- IPP to cupsd (Release-Job, job state)

const ippValue = (tag: number, value: string | number): IppValue => ({ tag, value }) as IppValue;

function cupsRequest(cupsd: Cupsd, operation: number, jobId: number, requestId: number): Promise<IppMessage> {
  const body = encodeIppMessage({
    version: { major: 2, minor: 0 },
    code: operation,
    requestId,
    groups: [
      {
        tag: GroupTag.operation,
        attributes: [
          { name: "attributes-charset", values: [ippValue(ValueTag.charset, "utf-8")] },
          { name: "attributes-natural-language", values: [ippValue(ValueTag.naturalLanguage, "en")] },
          { name: "printer-uri", values: [ippValue(ValueTag.uri, `ipp://127.0.0.1:${cupsd.port}/printers/held`)] },
          { name: "job-id", values: [ippValue(ValueTag.integer, jobId)] },
          { name: "requesting-user-name", values: [ippValue(ValueTag.nameWithoutLanguage, "root")] },
        ],
      },
    ],
  });
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port: cupsd.port, path: "/printers/held", method: "POST", headers: { "Content-Type": "application/ipp", "Content-Length": body.length } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const decoded = decodeIppMessage(Buffer.concat(chunks), { maxHeaderBytes: 1 << 20, maxAttributes: 16_384 }, { role: "response" });
        if (decoded.kind !== "complete") return reject(new Error("cupsd sent an incomplete IPP answer"));
        resolve(decoded.message);
      });
    });
    request.on("error", reject);
    request.end(body);
  });
}

async function waitCupsJobDone(cupsd: Cupsd, jobId: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    const answer = await cupsRequest(cupsd, IppOperation.getJobAttributes, jobId, 10_000 + attempt);
    const state = answer.groups.find((group) => group.tag === GroupTag.job)?.attributes.find((item) => item.name === "job-state")?.values[0];
    if (state && "value" in state && typeof state.value === "number" && state.value >= 7) {
      if (state.value !== 9) throw new Error(`cupsd job ${jobId} ended in state ${state.value}`);
      return;
    }
    await sleep(10);
  }
  throw new Error(`cupsd job ${jobId} did not complete within 30 s:\n${(await cupsd.errorLog()).slice(-2000)}`);
}

// ---------------------------------------------------------------- the run

async function seedDataDir(dataDir: string, printer: PrinterProcess, random: () => number, releaseTargets: number[], document: Buffer) {
  const config = loadConfig({ PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false" });
  const context = await openAppContext(config);
  try {
    const actor = { label: "admin:bench", role: "admin" as const };
    const tokens: string[] = [];
    for (let index = 0; index < settings.kiosks; index++) {
      const id = String(index + 1).padStart(2, "0");
      await addPrinter(context.db, actor, { name: `Printer ${id}`, uri: printer.uri(`p${id}`) }, asCli(context));
      tokens.push((await addKiosk(context.db, actor, { name: `Kiosk ${id}`, printer: `Printer ${id}`, releaseOnBadge: false }, "cli")).agentToken!);
    }
    const seeded = await seedHeldJobs(context, {
      people: settings.people,
      jobs: settings.jobs,
      heavyEvery: settings.heavyEvery,
      heavyJobs: settings.heavyJobs,
      releaseTargets,
      document,
      documentFormat: "application/pdf",
      batchSize: settings.batchSize,
      random,
    });
    return { tokens, seeded };
  } finally {
    await context.close();
  }
}

/** The same steps the server takes for a badge and a release, timed one by one on the running server's context. */
async function breakdown(context: AppContext, people: SeededPerson[], random: () => number, printerUri: string) {
  const sample = Array.from({ length: 200 }, () => people[Math.floor(random() * people.length)]!);
  const time = async (work: (person: SeededPerson) => Promise<unknown>, before?: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (const person of sample) {
      await before?.();
      const start = now();
      await work(person);
      samples.push(msBetween(start, now()));
    }
    return summarize(samples);
  };
  /** Several variants measured in turn for each person, so load from elsewhere falls on all alike. */
  const interleaved = async <K extends string>(variants: Record<K, { work: (person: SeededPerson) => Promise<unknown>; before: () => Promise<unknown> }>) => {
    const names = Object.keys(variants) as K[];
    const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
    for (const person of sample) {
      for (const name of names) {
        await variants[name].before();
        const start = now();
        await variants[name].work(person);
        samples[name].push(msBetween(start, now()));
      }
    }
    return Object.fromEntries(names.map((name) => [name, summarize(samples[name])])) as Record<K, Summary>;
  };
  // The badge's reads: card lookup, then the list with keys unwrapped and titles opened.
  const badgeReads = (db: AppContext["db"]) => async (person: SeededPerson) => {
    await findUserByCard(db, person.card);
    await heldJobViews({ ...context, db }, person.username);
  };
  // @libsql/client hands its connection to each transaction and opens a new one for the next
  // query, so the reads after any write start on a fresh connection with an empty page cache.
  const emptyTransaction = () => context.db.write(async () => undefined);
  // A second client that never runs a transaction keeps one warm connection (the proposed fix).
  const reader = await openDatabase(context.config.databaseUrl);
  let steps;
  try {
    steps = {
      findUserByCard: await time((person) => findUserByCard(context.db, person.card)),
      listJobsOfOwner: await time((person) => listJobsOfOwner(context.db, person.username, ["held", "releasing"], 200)),
      heldJobViewsListPlusDecrypt: await time((person) => heldJobViews(context, person.username)),
      auditAppendSessionStarted: await time((person) =>
        context.db.write((tx) => appendAudit(tx, { type: "session.started", actor: `user:${person.username}`, subject: "kiosk:Kiosk 01", details: { sessionId: randomUUID(), method: "card", heldJobs: person.jobs, mode: "screen" } })),
      ),
      ...(await interleaved({
        badgeReadsAfterAWrite: { work: badgeReads(context.db), before: emptyTransaction },
        badgeReadsOnDedicatedReaderAfterAWrite: { work: badgeReads(reader), before: emptyTransaction },
      })),
    };
  } finally {
    await reader.close();
  }
  const driver = driverForUri(printerUri);
  const probes: number[] = [];
  for (let index = 0; index < 50; index++) {
    const start = now();
    await driver.probe();
    probes.push(msBetween(start, now()));
  }
  /** Wall time of one call, and the longest the event loop stood still meanwhile (the part that blocks everything else). */
  const timedOnce = async (work: () => Promise<unknown>) => {
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const at = performance.now();
      longestGap = Math.max(longestGap, at - last);
      last = at;
    }, 1);
    const start = now();
    await work();
    const ms = round(msBetween(start, now()));
    await sleep(5);
    clearInterval(ticker);
    return { ms, loopBlockedMaxMs: round(longestGap) };
  };
  // What a durable commit costs at least here: SQLite in WAL mode with synchronous=FULL fsyncs the WAL on every commit.
  const probeFile = path.join(context.config.dataDir, "fsync-probe");
  const handle = await open(probeFile, "w");
  const fsyncs: number[] = [];
  for (let index = 0; index < 100; index++) {
    await handle.write(Buffer.alloc(4096, index), 0, 4096, 0);
    const start = now();
    await handle.sync();
    fsyncs.push(msBetween(start, now()));
  }
  await handle.close();
  await rm(probeFile, { force: true });
  // The store sets no synchronous level, so a connection of its own reads the one the server runs with.
  const synchronous = await onDatabaseFile(context.config.dataDir, "PRAGMA synchronous");
  // How far the write-ahead log has grown, and whether a checkpoint can get through it right now.
  const databaseFile = context.config.databaseUrl.replace(/^file:/, "");
  const walBytes = await stat(`${databaseFile}-wal`).then((info) => info.size, () => 0);
  const [checkpoint] = await onDatabaseFile(context.config.dataDir, "PRAGMA wal_checkpoint(PASSIVE)");
  const spool = await SpoolStore.open(context.spoolDir);
  const orphanSweep = await timedOnce(() => sweepOrphanedSpoolFiles(context, spool, 15 * 60_000)).finally(() => spool.close());
  const queryPlan = await onDatabaseFile(context.config.dataDir, "EXPLAIN QUERY PLAN SELECT * FROM Job WHERE ownerName = ? AND state IN ('held', 'releasing') ORDER BY id ASC LIMIT 200", [people[0]!.username]);
  return {
    badgeSteps: steps,
    releaseSteps: { getPrinterAttributesRoundTrip: summarize(probes) },
    retentionTickWork: {
      // The tick's orphan sweep as it runs (files younger than 15 minutes left alone); the seeded spool has
      // no orphans. Its only spool work: the tick no longer lists the whole directory at once.
      orphanSweep,
    },
    storage: {
      sqliteSynchronous: Number(synchronous[0]?.synchronous ?? -1),
      fsync4KiBMs: summarize(fsyncs),
      walBytes,
      passiveCheckpoint: { busy: Number(checkpoint?.busy ?? -1), walFrames: Number(checkpoint?.log ?? -1), checkpointedFrames: Number(checkpoint?.checkpointed ?? -1) },
    },
    listQueryPlan: queryPlan.map((row) => String(row.detail)),
  };
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg().map((value) => round(value));
  if (loadAtStart[0]! > os.cpus().length) console.log(`note: load average ${loadAtStart[0]} on ${os.cpus().length} CPUs: other work on this machine will show in the figures`);
  const random = seededRandom(settings.seed);
  const document = makePdf({ pages: 3, text: "Printvakt release benchmark", padToBytes: settings.documentBytes });
  const workDir = await mkdtemp(path.join(os.tmpdir(), "printvakt-bench-release-"));
  const dataDir = path.join(workDir, "data");
  const printer = await PrinterProcess.start();
  let server: InProcessServer | undefined;
  let cupsd: Cupsd | undefined;
  let fleet: KioskFleet | undefined;
  let connected = 0;
  try {
    // 1. Seed.
    const targetCount = settings.releases + settings.warmupReleases;
    if (targetCount > settings.people) throw new Error("more releases than people");
    const releaseTargets: number[] = [];
    while (releaseTargets.length < targetCount) {
      const person = Math.floor(random() * settings.people);
      if (!releaseTargets.includes(person)) releaseTargets.push(person);
    }
    console.log(`seeding ${settings.jobs} held jobs for ${settings.people} people, ${settings.kiosks} kiosks and printers ...`);
    const seedStarted = now();
    const { tokens, seeded } = await seedDataDir(dataDir, printer, random, releaseTargets, document);
    const seedMs = msBetween(seedStarted, now());
    console.log(`seeded in ${(seedMs / 1000).toFixed(1)} s (people ${(seeded.msUsers / 1000).toFixed(1)} s, spool ${(seeded.msSpool / 1000).toFixed(1)} s, jobs ${(seeded.msJobs / 1000).toFixed(1)} s)`);

    // 2. Start the server on the seeded data directory; connect the kiosks (from their own process).
    const startupStarted = now();
    server = await startInProcessServer({ PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_LOG_LEVEL: "silent" });
    const startupMs = msBetween(startupStarted, now());
    // Seconds since the server started (its retention timer ticks every 30 s from about then).
    const sinceStart = () => round(msBetween(startupStarted, now()) / 1000, 3);
    fleet = await KioskFleet.start();
    connected = await fleet.connect(server.baseUrl, tokens);
    const kioskCount = tokens.length;
    const printerOf = (kiosk: number) => `p${String(kiosk + 1).padStart(2, "0")}`;
    for (const deadline = Date.now() + 30_000; ; await sleep(100)) {
      const printers = await listPrinters(server.context.db);
      if (printers.every((entry) => entry.state === "idle")) break;
      if (Date.now() > deadline) throw new Error(`printers not idle after 30 s: ${printers.map((entry) => `${entry.name}=${entry.state}`).join(", ")}`);
    }
    console.log(`server up in ${startupMs.toFixed(0)} ms on ${server.baseUrl}; ${connected} kiosks connected`);
    const people = seeded.people;
    const pickPerson = () => people[Math.floor(random() * people.length)]!;

    // 3. Warm-up: one badge per kiosk.
    for (let kiosk = 0; kiosk < kioskCount; kiosk++) {
      const result = await fleet.badge(kiosk, pickPerson());
      await fleet.logout(kiosk, result.sessionId);
    }

    const stopProfile = settings.profile ? await startProfile() : undefined;

    // 4a. Badge → list at a steady rate (open loop: each badge leaves on schedule, whether or not the
    // server has answered the earlier ones), spread over kiosks and people; each person logs out after.
    console.log(`badge → list: ${settings.badges} badges at ${settings.badgesPerSecond} a second across the kiosks ...`);
    const sequentialLoop = loopDelay();
    const plan = Array.from({ length: settings.badges }, (_, index) => ({ kiosk: index % kioskCount, person: pickPerson() }));
    const scheduled = await fleet.badgeSchedule(plan, 1000 / settings.badgesPerSecond, startupStarted);
    const sequential = scheduled.map((result) => result.listMs);
    const sequentialAt = scheduled.map((result) => round(result.sentAtS, 3));
    const sequentialAcks = scheduled.map((result) => result.ackMs);
    const listSizes = scheduled.map((result) => result.jobCount);
    const scheduleLateMs = summarize(scheduled.map((result) => result.lateMs));
    const sequentialLoopDelay = sequentialLoop();

    // 4b. Badge → list in bursts: every kiosk at the same moment (a shift change), then all log out.
    console.log(`badge → list: ${settings.burstRounds} bursts of ${kioskCount} simultaneous badges ...`);
    const burstLoop = loopDelay();
    const burst: number[] = [];
    for (let burstRound = 0; burstRound < settings.burstRounds; burstRound++) {
      const badges = Array.from({ length: kioskCount }, (_, kiosk) => ({ kiosk, person: pickPerson() }));
      const results = await fleet.badgeMany(badges);
      burst.push(...results.map((result) => result.listMs));
      await fleet.logoutMany(results.map((result, kiosk) => ({ kiosk, sessionId: result.sessionId })));
      await sleep(500);
    }
    const burstLoopDelay = burstLoop();

    // 5. Release → first byte at the printer, one release at a time, each at the next kiosk.
    console.log(`release → first byte: ${settings.releases} releases (+${settings.warmupReleases} warm-up) ...`);
    const releaseLoop = loopDelay();
    const firstBytes: number[] = [];
    const firstBytesAt: number[] = [];
    const releaseAcks: number[] = [];
    for (let index = 0; index < releaseTargets.length; index++) {
      const kiosk = index % kioskCount;
      const person = people[releaseTargets[index]!]!;
      const session = await fleet.badge(kiosk, person);
      const jobId = session.firstJobId;
      if (jobId !== person.firstJobId) throw new Error(`${person.username}: expected job ${person.firstJobId} first, got ${jobId}`);
      const firstByte = printer.wait("first-byte", printerOf(kiosk), (name) => name === titleOf(jobId));
      const received = printer.wait("document", printerOf(kiosk), (name) => name === titleOf(jobId));
      const releasedAt = sinceStart();
      const released = await fleet.release(kiosk, session.sessionId, jobId);
      if (released.outcome !== "accepted") throw new Error(`release of job ${jobId}: ${released.outcome}`);
      if (released.finalState !== "printed") throw new Error(`job ${jobId} ended ${released.finalState}`);
      const arrived = await firstByte;
      const document_ = await received;
      if (document_.bytes !== document.length) throw new Error(`job ${jobId}: the printer got ${document_.bytes} bytes, expected ${document.length}`);
      if (index >= settings.warmupReleases) {
        firstBytes.push((arrived.at - released.sentAt) / 1e6);
        firstBytesAt.push(releasedAt);
        releaseAcks.push(released.ackMs);
      }
      await fleet.logout(kiosk, session.sessionId);
      await sleep(50);
    }
    const releaseLoopDelay = releaseLoop();
    const profile = stopProfile ? await stopProfile() : undefined;

    // 6. Where the time goes, step by step, on the same server and data.
    console.log("timing the steps one by one ...");
    const steps = await breakdown(server.context, people, random, printer.uri("p01"));
    // Printvakt is done: stopped before cupsd is measured, so its retention tick cannot stall the
    // process that times cupsd.
    await fleet.stop();
    fleet = undefined;
    await server.stop();
    server = undefined;

    // 7. cupsd: the same document in a held raw queue to the same kind of printer, released with lp and with Release-Job.
    let cups: Record<string, unknown> = { skipped: true };
    if (!settings.skipCups) {
      console.log(`cupsd: ${settings.cupsJobs} releases with lp -H resume and ${settings.cupsJobs} with IPP Release-Job ...`);
      cupsd = await startCupsd();
      await cupsd.addHeldQueue("held", printer.uri("cups"));
      const file = path.join(workDir, "document.pdf");
      await writeFile(file, document);
      const jobs: { id: number; title: string }[] = [];
      const total = settings.cupsWarmup + 2 * settings.cupsJobs;
      for (let index = 0; index < total; index++) {
        const title = `Cups bench ${index + 1}`;
        const submitted = await cupsd.lp(["-d", "held", "-t", title, file]);
        if (submitted.exitCode !== 0) throw new Error(`lp failed: ${submitted.stderr}`);
        jobs.push({ id: parseRequestId(submitted.stdout), title });
      }
      const viaLp: number[] = [];
      const lpProcess: number[] = [];
      const viaIpp: number[] = [];
      const ippAnswer: number[] = [];
      for (const [index, job] of jobs.entries()) {
        const useLp = index < settings.cupsWarmup + settings.cupsJobs;
        const firstByte = printer.wait("first-byte", "cups", (name) => name === job.title || name.endsWith(` - ${job.title}`));
        const sent = now();
        if (useLp) {
          const released = await cupsd.run("lp", ["-i", `held-${job.id}`, "-H", "resume"]);
          if (released.exitCode !== 0) throw new Error(`lp -H resume failed: ${released.stderr}`);
        } else {
          const answer = await cupsRequest(cupsd, IppOperation.releaseJob, job.id, index + 1);
          if (answer.code !== 0) throw new Error(`Release-Job answered 0x${answer.code.toString(16)}`);
        }
        const answered = now();
        const arrived = await firstByte;
        await waitCupsJobDone(cupsd, job.id);
        if (index >= settings.cupsWarmup) {
          (useLp ? viaLp : viaIpp).push(msBetween(sent, arrived.at));
          (useLp ? lpProcess : ippAnswer).push(msBetween(sent, answered));
        }
        await sleep(100);
      }
      const cupsOperations = [...new Set(printer.requests.filter((request) => request.printer === "cups").map((request) => request.operation))];
      cups = {
        queue: "raw, job-hold-until-default=indefinite, device ipp:// to the same bench printer",
        lpResumeToFirstByteMs: summarize(viaLp),
        lpProcessExitMs: summarize(lpProcess),
        releaseJobToFirstByteMs: summarize(viaIpp),
        releaseJobAnswerMs: summarize(ippAnswer),
        backendOperations: cupsOperations,
      };
    }
    const printvaktOperations = [...new Set(printer.requests.filter((request) => request.printer !== "cups").map((request) => request.operation))];

    // 8. Report.
    const list = summarize(sequential);
    const listBurst = summarize(burst);
    const firstByte = summarize(firstBytes);
    const results = {
      benchmark: "release",
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        memoryGiB: round(os.totalmem() / 2 ** 30, 1),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: os.loadavg().map((value) => round(value)),
        dataDir: os.tmpdir(),
      },
      setup: {
        people: settings.people,
        heldJobs: settings.jobs,
        jobsPerPerson: `${settings.heavyJobs} for every ${settings.heavyEvery}th person, the rest spread evenly`,
        listSizes: summarize(listSizes),
        kiosks: settings.kiosks,
        socketIoClients: connected,
        kioskClients: "one socket.io client (role screen) per kiosk, in a separate process (bench/release-kiosks.ts)",
        printers: `${settings.kiosks} (one per kiosk), loopback IPP printers in a separate process (bench/release-printer.ts)`,
        documentBytes: document.length,
        database: "SQLite (libsql adapter), default server settings (retention tick 30 s)",
        seedSeconds: round(seedMs / 1000, 1),
        seedBreakdownSeconds: { peopleAndCards: round(seeded.msUsers / 1000, 1), spoolFiles: round(seeded.msSpool / 1000, 1), jobsAndAudit: round(seeded.msJobs / 1000, 1) },
        spoolFiles: { realEncrypted: seeded.realSpoolFiles, hardLinksToSharedCiphertext: seeded.linkedSpoolFiles },
        auditEntriesSeeded: seeded.auditEntries,
        serverStartupMs: round(startupMs, 0),
      },
      aims: AIMS,
      printvakt: {
        badgeToListMs: list,
        badgeArrivals: `${settings.badgesPerSecond} a second, open loop, kiosks in turn (each kiosk every ${kioskCount / settings.badgesPerSecond} s)`,
        badgeAckMs: summarize(sequentialAcks),
        badgeScheduleLateMs: scheduleLateMs,
        // An estimate of the list time without the retention sweep: the server arms its 30 s timer at
        // the end of startup, so the ticks fall near startup + 30 s × k; badges sent from half a second
        // before a tick to 4 s after it are left out.
        badgeToListOutsideRetentionTicksMs: summarize(
          sequential.filter((_, index) => {
            const since = sequentialAt[index]! - startupMs / 1000;
            const intoTick = since - 30 * Math.round(since / 30);
            return since < 29.5 || intoTick < -0.5 || intoTick > 4;
          }),
        ),
        badgeToListBurstMs: { ...listBurst, concurrency: connected },
        releaseToFirstByteMs: firstByte,
        releaseAckMs: summarize(releaseAcks),
        eventLoopDelay: { badges: sequentialLoopDelay, bursts: burstLoopDelay, releases: releaseLoopDelay },
        printerOperations: printvaktOperations,
      },
      cupsd: cups,
      steps,
      meetsAims: {
        listP99: list.p99 < AIMS.listP99Ms,
        burstP99: summarize(burst).p99 < AIMS.burstP99Ms,
        firstByteAtMostCupsd: firstByteMet(firstByte, cups.releaseJobToFirstByteMs as Summary | undefined),
      },
      ...(profile ? { profile } : {}),
      samples: {
        note: "pairs are [seconds since the server started, milliseconds]; the retention tick runs every 30 s from about second 0",
        badgeToListMs: sequential.map((value, index) => [sequentialAt[index], round(value)]),
        badgeToListBurstMs: burst.map((value) => round(value)),
        releaseToFirstByteMs: firstBytes.map((value, index) => [firstBytesAt[index], round(value)]),
      },
    };
    await mkdir(new URL("./results/", import.meta.url), { recursive: true });
    await writeFile(new URL("./results/release.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
    printTable(results.printvakt, cups, list, firstByte);
    const step = (label: string, summary: Summary) => console.log(`  ${label.padEnd(46)} p50 ${summary.p50.toFixed(1).padStart(6)}  p99 ${summary.p99.toFixed(1).padStart(6)} ms`);
    console.log("\nsteps, timed one by one on the running server:");
    step("findUserByCard", steps.badgeSteps.findUserByCard);
    step("listJobsOfOwner (held, 200)", steps.badgeSteps.listJobsOfOwner);
    step("heldJobViews (list + unwrap keys + titles)", steps.badgeSteps.heldJobViewsListPlusDecrypt);
    step("audit append (one write transaction)", steps.badgeSteps.auditAppendSessionStarted);
    step("badge reads after a write (as the server does)", steps.badgeSteps.badgeReadsAfterAWrite);
    step("badge reads on a long-lived reader connection", steps.badgeSteps.badgeReadsOnDedicatedReaderAfterAWrite);
    step("fsync of 4 KiB in the data directory", steps.storage.fsync4KiBMs);
    step("Get-Printer-Attributes round trip", steps.releaseSteps.getPrinterAttributesRoundTrip);
    console.log(`  retention tick (every 30 s): orphan sweep ${steps.retentionTickWork.orphanSweep.ms} ms (loop blocked up to ${steps.retentionTickWork.orphanSweep.loopBlockedMaxMs} ms)`);
    console.log(`\nwritten: bench/results/release.json  (${results.machine.cpus} CPUs, Node ${results.machine.node})`);
  } finally {
    await fleet?.stop();
    await server?.stop();
    await cupsd?.stop();
    await printer.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The release aim against cupsd's Release-Job in the same run; null without cupsd (--skip-cups): nothing to compare with. */
function firstByteMet(firstByte: Summary, releaseJob: Summary | undefined): boolean | null {
  return releaseJob === undefined ? null : firstByte.p50 <= releaseJob.p50 && firstByte.p99 <= releaseJob.p99;
}

function firstByteVerdict(firstByte: Summary, releaseJob: Summary | undefined): string {
  const met = firstByteMet(firstByte, releaseJob);
  return `${AIMS.firstByte}: ${met === null ? "not judged (no cupsd)" : met ? "met" : "MISSED"}`;
}

function printTable(printvakt: { badgeToListMs: Summary; badgeToListBurstMs: Summary; releaseToFirstByteMs: Summary; releaseAckMs: Summary }, cups: Record<string, unknown>, list: Summary, firstByte: Summary): void {
  const rows: [string, Summary | undefined, string][] = [
    [`Printvakt badge → list (${settings.badgesPerSecond}/s)`, printvakt.badgeToListMs, `p99 < ${AIMS.listP99Ms} ms: ${list.p99 < AIMS.listP99Ms ? "met" : "MISSED"}`],
    [`Printvakt badge → list (bursts of ${settings.kiosks})`, printvakt.badgeToListBurstMs, `p99 < ${AIMS.burstP99Ms} ms: ${printvakt.badgeToListBurstMs.p99 < AIMS.burstP99Ms ? "met" : "MISSED"}`],
    ["Printvakt release → first byte", printvakt.releaseToFirstByteMs, firstByteVerdict(firstByte, cups.releaseJobToFirstByteMs as Summary | undefined)],
    ["Printvakt release → ack", printvakt.releaseAckMs, ""],
    ["cupsd lp -H resume → first byte", cups.lpResumeToFirstByteMs as Summary | undefined, "(includes starting lp)"],
    ["cupsd Release-Job → first byte", cups.releaseJobToFirstByteMs as Summary | undefined, ""],
  ];
  const cell = (value: number | undefined) => (value === undefined ? "-" : value.toFixed(1)).padStart(8);
  console.log(`\n${"milliseconds".padEnd(44)}${"n".padStart(6)}${"p50".padStart(8)}${"p90".padStart(8)}${"p99".padStart(8)}${"max".padStart(8)}  aim`);
  for (const [label, summary, note] of rows) {
    if (!summary) continue;
    console.log(`${label.padEnd(44)}${String(summary.n).padStart(6)}${cell(summary.p50)}${cell(summary.p90)}${cell(summary.p99)}${cell(summary.max)}  ${note}`);
  }
}

await main();
