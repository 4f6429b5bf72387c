// Measures badge → job list and release → first byte at the printer with 100,000 held jobs, against cupsd's resume; writes bench/results/release.json.
//
// Run: npm run bench:release   (npx tsx bench/release.ts [--jobs N --people N --kiosks N --badges N
//      --burst-rounds N --releases N --cups-jobs N --doc-bytes N --skip-cups --profile])
// Needs root and cupsd for the cupsd side (as test/support/cupsd.ts); --skip-cups leaves it out.
// Prints figures and writes them; it never asserts timings. See bench/README.md.
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { Socket } from "socket.io-client";
import { addKiosk } from "../server/admin/kiosks.js";
import { addPrinter } from "../server/admin/printers.js";
import { openAppContext, type AppContext } from "../server/app-context.js";
import { appendAudit } from "../server/store/audit-log.js";
import { loadConfig } from "../server/config.js";
import { decodeIppMessage } from "../server/ipp/codec/decode.js";
import { encodeIppMessage } from "../server/ipp/codec/encode.js";
import { IppOperation } from "../server/ipp/codec/operations.js";
import { GroupTag, ValueTag } from "../server/ipp/codec/tags.js";
import type { IppMessage, IppValue } from "../server/ipp/codec/types.js";
import { heldJobViews } from "../server/realtime/session-view.js";
import { SpoolStore } from "../server/spool/spool-store.js";
import { listJobsOfOwner, liveSpoolIds } from "../server/store/jobs.js";
import { listPrinters } from "../server/store/printers.js";
import { findUserByCard } from "../server/store/users.js";
import { driverForUri } from "../drivers/printers/driver-for-uri.js";
import { parseRequestId, startCupsd, type Cupsd } from "../test/support/cupsd.js";
import { startInProcessServer, type InProcessServer } from "../test/support/in-process-server.js";
import { connectKiosk, type KioskClient } from "../test/support/kiosk-client.js";
import { makePdf } from "../test/support/pdf.js";
import type { PrinterEvent } from "./release-printer.js";
import { seedHeldJobs, titleOf, type SeededPerson, type SeedReport } from "./release-seed.js";

// ---------------------------------------------------------------- options

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const settings = {
  people: option("people", 5_000),
  jobs: option("jobs", 100_000),
  kiosks: option("kiosks", 50),
  badges: option("badges", 500),
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
const AIMS = { listP99Ms: 50, firstByteP99Ms: 100 };
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

/** Event-loop delay of this process (server, kiosk clients) during one phase. */
function loopDelay() {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return () => {
    histogram.disable();
    return { p50Ms: round(histogram.percentile(50) / 1e6), p99Ms: round(histogram.percentile(99) / 1e6), maxMs: round(histogram.max / 1e6) };
  };
}

function onceEvent(socket: Socket, event: string, match: (payload: Record<string, unknown>) => boolean, timeoutMs = 15_000): Promise<{ at: bigint; payload: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const handler = (payload: Record<string, unknown>) => {
      const at = now();
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve({ at, payload });
    };
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, handler);
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
    const root = fileURLToPath(new URL("..", import.meta.url));
    const child = fork(fileURLToPath(new URL("./release-printer.ts", import.meta.url)), ["--printer-child"], {
      cwd: root,
      execArgv: ["--import", "tsx"],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
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
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once("exit", () => resolve());
      this.child.disconnect();
      setTimeout(() => this.child.kill(), 5_000).unref();
    });
  }
}

// ---------------------------------------------------------------- kiosks

interface Kiosk {
  index: number;
  name: string;
  printer: string;
  client: KioskClient;
  /** Card reads sent in the last minute (the server limits them per kiosk). */
  reads: number[];
}

interface Badge {
  listMs: number;
  ackMs: number;
  jobs: { id: number }[];
  sessionId: string;
}

async function respectCardLimit(kiosk: Kiosk): Promise<void> {
  for (;;) {
    const since = Date.now() - 61_000;
    kiosk.reads = kiosk.reads.filter((at) => at > since);
    if (kiosk.reads.length < CARD_READS_PER_MINUTE) break;
    await sleep(kiosk.reads[0]! - since + 10);
  }
  kiosk.reads.push(Date.now());
}

/** card:present → session:started on the same kiosk. */
async function badge(kiosk: Kiosk, person: SeededPerson): Promise<Badge> {
  await respectCardLimit(kiosk);
  const started = onceEvent(kiosk.client.socket, "session:started", () => true);
  const sent = now();
  const ack = (await kiosk.client.socket.timeout(15_000).emitWithAck("card:present", { card: person.card })) as Record<string, unknown>;
  const acked = now();
  if (ack.ok !== true || ack.outcome !== "session") throw new Error(`card:present at ${kiosk.name} for ${person.username}: ${JSON.stringify(ack)}`);
  const { at, payload } = await started;
  const jobs = payload.jobs as { id: number }[];
  const expected = Math.min(person.jobs, 200);
  if (jobs.length !== expected) throw new Error(`${person.username} should see ${expected} jobs, saw ${jobs.length}`);
  return { listMs: msBetween(sent, at), ackMs: msBetween(sent, acked), jobs, sessionId: String(payload.sessionId) };
}

async function logout(kiosk: Kiosk, sessionId: string): Promise<void> {
  const ack = (await kiosk.client.socket.timeout(15_000).emitWithAck("session:logout", { sessionId })) as Record<string, unknown>;
  if (ack.ok !== true) throw new Error(`logout at ${kiosk.name}: ${JSON.stringify(ack)}`);
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

// ---------------------------------------------------------------- CPU profile (optional)

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

async function startProfile() {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return async () => {
    const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    session.disconnect();
    return summarizeProfile(profile);
  };
}

function categoryOf(frame: ProfileNode["callFrame"]): string {
  const url = frame.url;
  if (url === "") return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  if (url.includes("/server/store/generated/") || url.includes("@prisma/")) return "prisma (client, query interpreter, adapter)";
  if (url.includes("@libsql/") || url.includes("/libsql/")) return "libsql (SQLite driver)";
  if (url.includes("socket.io-client") || url.includes("engine.io-client") || url.includes("/bench/") || url.includes("/test/")) return "bench: kiosk clients, printer IPC";
  if (url.includes("socket.io") || url.includes("engine.io") || url.includes("/ws/")) return "socket.io server and ws";
  if (url.includes("/zod/")) return "zod";
  if (url.includes("/server/")) return "printvakt server code";
  if (url.includes("/drivers/")) return "printvakt printer drivers";
  if (url.startsWith("node:")) return "node core (net, http, streams, crypto)";
  if (url.includes("/node_modules/")) return `other: ${url.split("/node_modules/").pop()?.split("/")[0] ?? "?"}`;
  return "other";
}

function summarizeProfile(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  const root = fileURLToPath(new URL("..", import.meta.url));
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    categories.set(categoryOf(frame), (categories.get(categoryOf(frame)) ?? 0) + us);
    const where = frame.url === "" ? "" : ` ${frame.url.replace(/^file:\/\//, "").replace(root, "")}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName || "(anonymous)"}${where}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const total = [...categories.values()].reduce((sum, us) => sum + us, 0);
  const share = (entries: Map<string, number>, top: number) =>
    [...entries].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: round(us / 1000, 1), percent: round((100 * us) / total, 1) }));
  return { totalMs: round(total / 1000, 1), categories: share(categories, 20), topFunctions: share(functions, 30) };
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
      await addPrinter(context.db, actor, { name: `Printer ${id}`, uri: printer.uri(`p${id}`) });
      tokens.push((await addKiosk(context.db, actor, { name: `Kiosk ${id}`, printer: `Printer ${id}`, releaseOnBadge: false })).token);
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
  const time = async (work: (person: SeededPerson) => Promise<unknown>) => {
    const samples: number[] = [];
    for (const person of sample) {
      const start = now();
      await work(person);
      samples.push(msBetween(start, now()));
    }
    return summarize(samples);
  };
  const prisma = context.db.prisma;
  const steps = {
    findUserByCard: await time((person) => findUserByCard(prisma, person.card)),
    listJobsOfOwner: await time((person) => listJobsOfOwner(prisma, person.username, ["held", "releasing"], 200)),
    heldJobViewsListPlusDecrypt: await time((person) => heldJobViews(context, person.username)),
    auditAppendSessionStarted: await time((person) =>
      context.db.write((tx) => appendAudit(tx, { type: "session.started", actor: `user:${person.username}`, subject: "kiosk:Kiosk 01", details: { sessionId: randomUUID(), method: "card", heldJobs: person.jobs, mode: "screen" } })),
    ),
  };
  const driver = driverForUri(printerUri);
  const probes: number[] = [];
  for (let index = 0; index < 50; index++) {
    const start = now();
    await driver.probe();
    probes.push(msBetween(start, now()));
  }
  const timedOnce = async (work: () => Promise<unknown>) => {
    const start = now();
    await work();
    return round(msBetween(start, now()));
  };
  const spool = await SpoolStore.open(context.spoolDir);
  const queryPlan = await prisma.$queryRawUnsafe<{ detail: string }[]>(
    "EXPLAIN QUERY PLAN SELECT * FROM Job WHERE ownerName = ? AND state IN ('held', 'releasing') ORDER BY id ASC LIMIT 200",
    people[0]!.username,
  );
  return {
    badgeSteps: steps,
    releaseSteps: { getPrinterAttributesRoundTrip: summarize(probes) },
    retentionTickWork: {
      liveSpoolIdsMs: await timedOnce(() => liveSpoolIds(prisma)),
      listSpoolDirectoryMs: await timedOnce(() => spool.listSpoolIds()),
    },
    listQueryPlan: queryPlan.map((row) => row.detail),
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
  const kiosks: Kiosk[] = [];
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

    // 2. Start the server on the seeded data directory; connect the kiosks.
    const startupStarted = now();
    server = await startInProcessServer({ PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_LOG_LEVEL: "silent" });
    const startupMs = msBetween(startupStarted, now());
    const clients = await Promise.all(tokens.map((token) => connectKiosk(server!.baseUrl, token, "screen")));
    clients.forEach((client, index) => {
      const id = String(index + 1).padStart(2, "0");
      kiosks.push({ index, name: `Kiosk ${id}`, printer: `p${id}`, client, reads: [] });
    });
    for (const deadline = Date.now() + 30_000; ; await sleep(100)) {
      const printers = await listPrinters(server.context.db.prisma);
      if (printers.every((entry) => entry.state === "idle")) break;
      if (Date.now() > deadline) throw new Error(`printers not idle after 30 s: ${printers.map((entry) => `${entry.name}=${entry.state}`).join(", ")}`);
    }
    console.log(`server up in ${startupMs.toFixed(0)} ms on ${server.baseUrl}; ${kiosks.length} kiosks connected`);
    const people = seeded.people;
    const pickPerson = () => people[Math.floor(random() * people.length)]!;

    // 3. Warm-up: one badge per kiosk.
    for (const kiosk of kiosks) {
      const result = await badge(kiosk, pickPerson());
      await logout(kiosk, result.sessionId);
    }

    const stopProfile = settings.profile ? await startProfile() : undefined;

    // 4a. Badge → list, one at a time, spread over kiosks and people; each person logs out after.
    console.log(`badge → list: ${settings.badges} badges, one at a time ...`);
    const sequentialLoop = loopDelay();
    const sequential: number[] = [];
    const sequentialAcks: number[] = [];
    const listSizes: number[] = [];
    for (let index = 0; index < settings.badges; index++) {
      const kiosk = kiosks[index % kiosks.length]!;
      const result = await badge(kiosk, pickPerson());
      sequential.push(result.listMs);
      sequentialAcks.push(result.ackMs);
      listSizes.push(result.jobs.length);
      await logout(kiosk, result.sessionId);
      await sleep(20);
    }
    const sequentialLoopDelay = sequentialLoop();

    // 4b. Badge → list in bursts: every kiosk at the same moment (a shift change), then all log out.
    console.log(`badge → list: ${settings.burstRounds} bursts of ${kiosks.length} simultaneous badges ...`);
    const burstLoop = loopDelay();
    const burst: number[] = [];
    for (let burstRound = 0; burstRound < settings.burstRounds; burstRound++) {
      const results = await Promise.all(kiosks.map((kiosk) => badge(kiosk, pickPerson())));
      burst.push(...results.map((result) => result.listMs));
      await Promise.all(results.map((result, index) => logout(kiosks[index]!, result.sessionId)));
      await sleep(500);
    }
    const burstLoopDelay = burstLoop();

    // 5. Release → first byte at the printer, one release at a time, each at the next kiosk.
    console.log(`release → first byte: ${settings.releases} releases (+${settings.warmupReleases} warm-up) ...`);
    const releaseLoop = loopDelay();
    const firstBytes: number[] = [];
    const releaseAcks: number[] = [];
    for (let index = 0; index < releaseTargets.length; index++) {
      const kiosk = kiosks[index % kiosks.length]!;
      const person = people[releaseTargets[index]!]!;
      const session = await badge(kiosk, person);
      const jobId = session.jobs[0]!.id;
      if (jobId !== person.firstJobId) throw new Error(`${person.username}: expected job ${person.firstJobId} first, got ${jobId}`);
      const firstByte = printer.wait("first-byte", kiosk.printer, (name) => name === titleOf(jobId));
      const received = printer.wait("document", kiosk.printer, (name) => name === titleOf(jobId));
      const printed = onceEvent(kiosk.client.socket, "job:progress", (payload) => payload.jobId === jobId && payload.state !== "sending", 30_000);
      const sent = now();
      const ack = (await kiosk.client.socket.timeout(15_000).emitWithAck("session:release", { sessionId: session.sessionId, jobIds: [jobId], idempotencyKey: randomUUID() })) as { ok: boolean; results?: { jobId: number; outcome: string }[] };
      const acked = now();
      if (!ack.ok || ack.results?.[0]?.outcome !== "accepted") throw new Error(`release of job ${jobId}: ${JSON.stringify(ack)}`);
      const arrived = await firstByte;
      const document_ = await received;
      const progress = await printed;
      if (progress.payload.state !== "printed") throw new Error(`job ${jobId}: ${JSON.stringify(progress.payload)}`);
      if (document_.bytes !== document.length) throw new Error(`job ${jobId}: the printer got ${document_.bytes} bytes, expected ${document.length}`);
      if (index >= settings.warmupReleases) {
        firstBytes.push(msBetween(sent, arrived.at));
        releaseAcks.push(msBetween(sent, acked));
      }
      await logout(kiosk, session.sessionId);
      await sleep(50);
    }
    const releaseLoopDelay = releaseLoop();
    const profile = stopProfile ? await stopProfile() : undefined;

    // 6. Where the time goes, step by step, on the same server and data.
    console.log("timing the steps one by one ...");
    const steps = await breakdown(server.context, people, random, printer.uri("p01"));

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
        socketIoClients: kiosks.length,
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
        badgeAckMs: summarize(sequentialAcks),
        badgeToListBurstMs: { ...listBurst, concurrency: kiosks.length },
        releaseToFirstByteMs: firstByte,
        releaseAckMs: summarize(releaseAcks),
        eventLoopDelay: { badges: sequentialLoopDelay, bursts: burstLoopDelay, releases: releaseLoopDelay },
        printerOperations: printvaktOperations,
      },
      cupsd: cups,
      steps,
      meetsAims: { listP99: list.p99 < AIMS.listP99Ms, firstByteP99: firstByte.p99 < AIMS.firstByteP99Ms },
      ...(profile ? { profile } : {}),
      samples: { badgeToListMs: sequential.map((value) => round(value)), badgeToListBurstMs: burst.map((value) => round(value)), releaseToFirstByteMs: firstBytes.map((value) => round(value)) },
    };
    await mkdir(new URL("./results/", import.meta.url), { recursive: true });
    await writeFile(new URL("./results/release.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
    printTable(results.printvakt, cups, list, firstByte);
    console.log(`\nwritten: bench/results/release.json  (${results.machine.cpus} CPUs, Node ${results.machine.node})`);
  } finally {
    for (const kiosk of kiosks) kiosk.client.close();
    await server?.stop();
    await cupsd?.stop();
    await printer.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

function printTable(printvakt: { badgeToListMs: Summary; badgeToListBurstMs: Summary; releaseToFirstByteMs: Summary; releaseAckMs: Summary }, cups: Record<string, unknown>, list: Summary, firstByte: Summary): void {
  const rows: [string, Summary | undefined, string][] = [
    ["Printvakt badge → list (one at a time)", printvakt.badgeToListMs, `p99 < ${AIMS.listP99Ms} ms: ${list.p99 < AIMS.listP99Ms ? "met" : "MISSED"}`],
    [`Printvakt badge → list (bursts of ${settings.kiosks})`, printvakt.badgeToListBurstMs, ""],
    ["Printvakt release → first byte", printvakt.releaseToFirstByteMs, `p99 < ${AIMS.firstByteP99Ms} ms: ${firstByte.p99 < AIMS.firstByteP99Ms ? "met" : "MISSED"}`],
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
