// CPU per call of each step a kiosk badge runs on the server's event loop, on a seeded database in
// which one kiosk has had many sessions; writes bench/results/badge-steps.json.
//
// Run: npm run bench:badge-steps   (npx tsx bench/badge-steps.ts [--jobs N --people N --kiosks N --sessions N --rounds N])
// CPU time of this process (process.cpuUsage), not wall time: on a shared machine the figures stay
// comparable between two runs where wall times do not. It never asserts a timing.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance as nodePerformance } from "node:perf_hooks";
import { canonicalJson } from "../server/audit/canonical.js";
import { nextEntry } from "../server/audit/chain.js";
import { openAppContext } from "../server/app-context.js";
import { loadConfig } from "../server/config.js";
import { hashCard } from "../server/identity/card-numbers.js";
import type { KioskSession } from "../server/realtime/kiosk-sessions.js";
import { auditSessionStarted } from "../server/realtime/session-start.js";
import { heldJobViews, sessionView, sessionViewAndAdminChanges } from "../server/realtime/session-view.js";
import { cardHolder, kioskSessionReads } from "../server/store/badge-reads.js";
import { appendAudit } from "../server/store/audit-log.js";
import { listJobListingsOfOwner } from "../server/store/jobs.js";
import { createKiosk, listKiosks } from "../server/store/kiosks.js";
import { createPrinter, findKioskPrinter, recordPrinterStatus } from "../server/store/printers.js";
import { recentAdminChanges } from "../server/store/recent-admin-changes.js";
import { findUserByCard } from "../server/store/users.js";
import { KIOSK_VISIBLE_STATES } from "../server/jobs/job-states.js";
import { option } from "./options.js";
import { cardOf, seedHeldJobs, usernameOf } from "./release-seed.js";
import { writeBenchResults } from "./results-file.js";

const eventLoopUtilization = nodePerformance.eventLoopUtilization.bind(nodePerformance);
const settings = { jobs: option("jobs", 20_000), people: option("people", 1_000), kiosks: option("kiosks", 50), sessions: option("sessions", 30_000), rounds: option("rounds", 300) };
const CAPABILITIES = {
  formats: ["application/pdf", "image/pwg-raster", "image/urf"],
  sides: ["one-sided", "two-sided-long-edge", "two-sided-short-edge"],
  media: ["iso_a4_210x297mm", "na_letter_8.5x11in", "iso_a5_148x210mm", "iso_a3_297x420mm"],
  colorModes: ["monochrome", "color"],
};

const dataDir = await mkdtemp(path.join(os.tmpdir(), "printvakt-bench-badge-"));
const context = await openAppContext(loadConfig({ PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false" }));
try {
  console.log(`seeding ${settings.kiosks} kiosks, ${settings.jobs} held jobs for ${settings.people} people, ${settings.sessions} sessions at Kiosk 01 ...`);
  for (let index = 1; index <= settings.kiosks; index++) {
    const id = String(index).padStart(2, "0");
    await context.db.write(async (tx) => {
      const printer = await createPrinter(tx, { name: `Printer ${id}`, uri: `ipp://127.0.0.1:9/p${id}` });
      await recordPrinterStatus(tx, printer.id, { state: "idle", stateMessage: "", capabilities: CAPABILITIES });
      await createKiosk(tx, { name: `Kiosk ${id}`, printerId: printer.id, tokenHash: randomUUID(), agentTokenHash: null, releaseOnBadge: false });
      await appendAudit(tx, { type: "admin.changed", actor: "admin:bench", subject: `kiosk:Kiosk ${id}`, details: { action: "added", fields: ["name"] } });
    });
  }
  let seed = 20261206;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  await seedHeldJobs(context, { people: settings.people, jobs: settings.jobs, heavyEvery: 50, heavyJobs: 100, releaseTargets: [], document: Buffer.alloc(16), documentFormat: "application/pdf", batchSize: 2_000, random });
  // Every session.started entry of a kiosk has it as subject: a busy kiosk's subject has many rows.
  for (let from = 0; from < settings.sessions; from += 2_000) {
    await context.db.write(async (tx) => {
      let last = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
      const rows = [];
      for (let index = from; index < Math.min(settings.sessions, from + 2_000); index++) {
        const details = { sessionId: randomUUID(), method: "card", heldJobs: 3, mode: "screen", printer: "Printer 01", cardHash: "bench" };
        const entry = nextEntry(last, { type: "session.started", at: new Date(), actor: `user:${usernameOf(index % settings.people)}`, subject: "kiosk:Kiosk 01", details });
        last = entry;
        rows.push({ seq: entry.seq, at: entry.at, type: entry.type, actor: entry.actor, subject: entry.subject, details: canonicalJson(entry.details), prevHash: entry.prevHash, hash: entry.hash });
      }
      await tx.auditEntry.createMany({ data: rows });
    });
  }

  const [kiosk] = await listKiosks(context.db);
  const people = Array.from({ length: 300 }, (_, index) => {
    const person = (index * 37) % settings.people;
    return { username: usernameOf(person), cardHash: hashCard(context.auditHashKey, cardOf(person)).numberHash };
  });
  const sessionOf = (index: number): KioskSession => {
    const person = people[index % people.length]!;
    return { id: randomUUID(), kioskId: kiosk!.id, kioskName: kiosk!.name, userId: 0, username: person.username, displayName: "", cardHash: person.cardHash, pinPending: false, startedAt: 0, expiresAt: Date.now(), released: 0, deleted: 0 };
  };
  const since = () => new Date(Date.now() - 24 * 3_600_000);
  const steps: Record<string, (index: number) => Promise<unknown>> = {
    findUserByCard: (index) => findUserByCard(context.db, people[index % people.length]!.cardHash),
    findKioskPrinter: () => findKioskPrinter(context.db, kiosk!.id),
    listJobListingsOfOwner: (index) => listJobListingsOfOwner(context.db, people[index % people.length]!.username, KIOSK_VISIBLE_STATES, 200),
    "heldJobViews (list, keys, titles)": (index) => heldJobViews(context, people[index % people.length]!.username),
    "sessionView (printer, list, titles)": (index) => sessionView(context, sessionOf(index)),
    "recentAdminChanges (the busy kiosk)": () => recentAdminChanges(context.db, ["kiosk:Kiosk 01", "printer:Printer 01"], since()),
    "recentAdminChanges (a quiet kiosk)": () => recentAdminChanges(context.db, ["kiosk:Kiosk 02", "printer:Printer 02"], since()),
    "cardHolder (findUserByCard in one statement)": (index) => cardHolder(context.db, people[index % people.length]!.cardHash),
    "kioskSessionReads (printer, list, admin changes: one trip)": (index) =>
      kioskSessionReads(context.db, { kioskId: kiosk!.id, ownerName: people[index % people.length]!.username, states: KIOSK_VISIBLE_STATES, limit: 200, adminChangesOf: { subjects: ["kiosk:Kiosk 01", "printer:Printer 01"], since: since() } }),
    // As the server runs a badge (card-present, showStartedSession), without the socket.
    "badge (card, view, session.started)": async (index) => {
      await cardHolder(context.db, people[index % people.length]!.cardHash);
      const session = sessionOf(index);
      const { view, adminChanges } = await sessionViewAndAdminChanges(context, session, { subjects: [`kiosk:${kiosk!.name}`, `printer:${kiosk!.printerName}`], since: since() });
      await auditSessionStarted(context, session, kiosk!, "card", view.jobs.length, adminChanges);
    },
  };
  const results: Record<string, { cpuMsPerCall: number; eventLoopMsPerCall: number; wallMsPerCall: number }> = {};
  // CPU ms: the whole process, the database's threads included. Event-loop ms: the time the main
  // thread was busy (not waiting for the database threads), which is what 50 badges at once queue on.
  console.log(`\n${`per call, ${settings.rounds} calls each after 20 warm-up calls`.padEnd(60)} CPU ms  loop ms   wall ms`);
  for (const [name, work] of Object.entries(steps)) {
    for (let index = 0; index < 20; index++) await work(index);
    const cpu = process.cpuUsage();
    const loop = eventLoopUtilization();
    const started = performance.now();
    for (let index = 0; index < settings.rounds; index++) await work(index);
    const wallMs = (performance.now() - started) / settings.rounds;
    const used = process.cpuUsage(cpu);
    const busy = eventLoopUtilization(loop).active;
    results[name] = {
      cpuMsPerCall: Number(((used.user + used.system) / 1000 / settings.rounds).toFixed(3)),
      eventLoopMsPerCall: Number((busy / settings.rounds).toFixed(3)),
      wallMsPerCall: Number(wallMs.toFixed(3)),
    };
    const { cpuMsPerCall, eventLoopMsPerCall, wallMsPerCall } = results[name]!;
    console.log(`  ${name.padEnd(58)} ${cpuMsPerCall.toFixed(2).padStart(6)}  ${eventLoopMsPerCall.toFixed(2).padStart(7)}  ${wallMsPerCall.toFixed(2).padStart(8)}`);
  }
  console.log(`\nwritten: ${path.relative(process.cwd(), await writeBenchResults("badge-steps", { setup: settings, steps: results }))}`);
} finally {
  await context.close();
  await rm(dataDir, { recursive: true, force: true });
}
