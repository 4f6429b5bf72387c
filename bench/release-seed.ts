// Seeds a Printvakt data directory for bench/release.ts: people with cards and many held jobs, fast.
//
// How (and why not through recordHeldJob): recording one held job costs an insert, an update and an
// audit append (~3 ms each job here), so 100,000 jobs would take minutes. This seeder writes the same
// rows in batched transactions (context.db.write, `batchSize` jobs each) with createMany:
// - job ids are assigned up front (the table is fresh), so each job's own key can be wrapped and its
//   title sealed with the job id as context exactly as sealJobSecrets does at submission;
// - every job gets its job.submitted audit entry, and every person the admin.changed and
//   card.linked entries addUser writes, chained with the audit module's own nextEntry, so
//   `printvakt audit verify` accepts the seeded log;
// - owners are interleaved at random, as jobs arrive through a day, so one person's rows are
//   spread over the table as in production;
// - spool files: jobs the bench will release get a real encrypted file (SpoolStore.writeJob with the
//   job's own key). Every other held job gets a file too, as in production (the spool directory then
//   holds 100,000 entries, which the startup and 30 s retention sweeps list), but as a hard link to
//   a shared ciphertext (a new one every 50,000 links; ext4 allows 65,000 per file): its content is
//   never read, and 100,000 fsynced 300 KB writes would take many minutes and 30 GB.
import { link } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import type { AppContext } from "../server/app-context.js";
import { canonicalJson } from "../server/audit/canonical.js";
import { nextEntry } from "../server/audit/chain.js";
import type { AuditEvent } from "../server/audit/entry.js";
import { checkAuditEvent } from "../server/audit/event-types.js";
import { hashCard } from "../server/identity/card-numbers.js";
import { sealJobSecrets } from "../server/jobs/job-secrets.js";
import { submissionAudit } from "../server/jobs/record-held-job.js";
import { newJobKey } from "../server/spool/job-key.js";
import { SpoolStore } from "../server/spool/spool-store.js";
import type { Transaction } from "../server/store/database.js";
import { onDatabaseFile } from "../test/support/database-rows.js";

export interface SeedOptions {
  people: number;
  jobs: number;
  /** Every Nth person is a heavy printer with `heavyJobs` held jobs (the quota); the rest share the remainder evenly. */
  heavyEvery: number;
  heavyJobs: number;
  /** People whose first job the bench releases: those jobs get a real spool file. */
  releaseTargets: number[];
  document: Buffer;
  documentFormat: string;
  batchSize: number;
  random: () => number;
}

export interface SeededPerson {
  username: string;
  displayName: string;
  card: string;
  jobs: number;
  /** The lowest job id of the person (first in the kiosk list), once seeded. */
  firstJobId: number;
}

export interface SeedReport {
  people: SeededPerson[];
  msUsers: number;
  msJobs: number;
  msSpool: number;
  realSpoolFiles: number;
  linkedSpoolFiles: number;
  auditEntries: number;
}

export const usernameOf = (index: number) => `staff${String(index + 1).padStart(5, "0")}`;
export const cardOf = (index: number) => String(4_000_001 + index);
/** Titles carry the job id, so the printer side can tell which job arrived. */
export const titleOf = (jobId: number) => `Bench ${jobId}.pdf`;

const ACTOR = "admin:bench";
const LINKS_PER_FILE = 50_000;

/** Appends audit entries in one createMany, chained exactly as appendAudit chains them one by one. */
async function appendAuditBatch(tx: Transaction, events: Omit<AuditEvent, "at">[]): Promise<void> {
  let last = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const at = new Date();
  const rows = events.map((event) => {
    const full = { ...event, at };
    checkAuditEvent(full);
    const entry = nextEntry(last, full);
    last = { seq: entry.seq, hash: entry.hash };
    return { seq: entry.seq, at: entry.at, type: entry.type, actor: entry.actor, subject: entry.subject, details: canonicalJson(entry.details), prevHash: entry.prevHash, hash: entry.hash };
  });
  await tx.auditEntry.createMany({ data: rows });
}

/** Prisma's Bytes fields take a Uint8Array over its own ArrayBuffer. */
const bytes = (value: Buffer): Uint8Array<ArrayBuffer> => {
  const copy = new Uint8Array(new ArrayBuffer(value.length));
  copy.set(value);
  return copy;
};

function jobCounts(options: SeedOptions): number[] {
  const heavy = Array.from({ length: options.people }, (_, index) => index % options.heavyEvery === options.heavyEvery - 1);
  const heavyCount = heavy.filter(Boolean).length;
  const rest = options.jobs - heavyCount * options.heavyJobs;
  const light = options.people - heavyCount;
  if (rest < light) throw new Error(`${options.jobs} jobs are too few for ${options.people} people with ${heavyCount} heavy printers`);
  let lightSeen = 0;
  return heavy.map((isHeavy) => {
    if (isHeavy) return options.heavyJobs;
    const count = Math.floor(rest / light) + (lightSeen < rest % light ? 1 : 0);
    lightSeen += 1;
    return count;
  });
}

/** The highest id in a table, 0 while it is empty: seeded rows continue from there. */
async function highestId(context: AppContext, table: "User" | "Job"): Promise<number> {
  const [row] = await onDatabaseFile(context.config.dataDir, `SELECT MAX("id") AS "id" FROM "${table}"`);
  return Number(row?.id ?? 0);
}

export async function seedHeldJobs(context: AppContext, options: SeedOptions): Promise<SeedReport> {
  const counts = jobCounts(options);
  const people: SeededPerson[] = counts.map((jobs, index) => ({ username: usernameOf(index), displayName: `Staff ${index + 1}`, card: cardOf(index), jobs, firstJobId: 0 }));
  let auditEntries = 0;

  // People and cards, with the entries addUser writes for each.
  const usersStarted = performance.now();
  const firstUserId = (await highestId(context, "User")) + 1;
  for (let from = 0; from < people.length; from += options.batchSize) {
    const batch = people.slice(from, from + options.batchSize);
    await context.db.write(async (tx) => {
      await tx.user.createMany({ data: batch.map((person, offset) => ({ id: firstUserId + from + offset, username: person.username, displayName: person.displayName })) });
      await tx.card.createMany({ data: batch.map((person, offset) => ({ userId: firstUserId + from + offset, ...hashCard(context.auditHashKey, person.card) })) });
      const events = batch.flatMap((person): Omit<AuditEvent, "at">[] => [
        { type: "admin.changed", actor: ACTOR, subject: `user:${person.username}`, details: { action: "added", fields: ["username", "displayName"] } },
        { type: "card.linked", actor: ACTOR, subject: `user:${person.username}`, details: { cardHash: hashCard(context.auditHashKey, person.card).numberHash } },
      ]);
      await appendAuditBatch(tx, events);
      auditEntries += events.length;
    });
  }
  const msUsers = performance.now() - usersStarted;

  // Owners in arrival order: every person's jobs, shuffled together.
  const owners: number[] = counts.flatMap((count, person) => Array.from({ length: count }, () => person));
  for (let index = owners.length - 1; index > 0; index--) {
    const other = Math.floor(options.random() * (index + 1));
    [owners[index], owners[other]] = [owners[other]!, owners[index]!];
  }
  const firstJobId = (await highestId(context, "Job")) + 1;
  owners.forEach((person, offset) => {
    const seeded = people[person]!;
    if (seeded.firstJobId === 0) seeded.firstJobId = firstJobId + offset;
  });

  // Spool files: real ones for the jobs to be released, hard links to shared ciphertexts for the rest.
  const spoolStarted = performance.now();
  const spool = await SpoolStore.open(context.spoolDir);
  const realJobs = new Map<number, { jobKey: Buffer; spoolId: string }>();
  for (const person of options.releaseTargets) {
    const jobKey = newJobKey();
    const written = await spool.writeJob(Readable.from([options.document]), { jobKey, maxBytes: options.document.length });
    realJobs.set(people[person]!.firstJobId, { jobKey, spoolId: written.spoolId });
  }
  // ext4 allows 65,000 links to one file: a fresh shared ciphertext every LINKS_PER_FILE jobs.
  const spoolIds: string[] = [];
  let sharedPath = "";
  let sharedFiles = 0;
  let linked = 0;
  let linksToShared = 0;
  let pendingLinks: Promise<void>[] = [];
  for (let offset = 0; offset < owners.length; offset++) {
    const real = realJobs.get(firstJobId + offset);
    if (real) {
      spoolIds.push(real.spoolId);
    } else if (sharedPath === "" || linksToShared >= LINKS_PER_FILE) {
      const shared = await spool.writeJob(Readable.from([options.document]), { jobKey: newJobKey(), maxBytes: options.document.length });
      sharedPath = path.join(context.spoolDir, `${shared.spoolId}.pvs`);
      sharedFiles += 1;
      linksToShared = 0;
      spoolIds.push(shared.spoolId);
    } else {
      const spoolId = randomBytes(16).toString("hex");
      spoolIds.push(spoolId);
      pendingLinks.push(link(sharedPath, path.join(context.spoolDir, `${spoolId}.pvs`)));
      linked += 1;
      linksToShared += 1;
      if (pendingLinks.length >= 256) {
        await Promise.all(pendingLinks);
        pendingLinks = [];
      }
    }
  }
  await Promise.all(pendingLinks);
  const listed = (await spool.listSpoolIds()).length;
  await spool.close();
  if (listed < owners.length) throw new Error(`the spool lists ${listed} files, expected at least ${owners.length}: has SpoolStore's file naming changed?`);
  const msSpool = performance.now() - spoolStarted;

  // Jobs and their job.submitted entries.
  const jobsStarted = performance.now();
  const expiresAt = new Date(Date.now() + context.config.holdTimeMs);
  for (let from = 0; from < owners.length; from += options.batchSize) {
    const ids = owners.slice(from, from + options.batchSize).map((_, offset) => firstJobId + from + offset);
    await context.db.write(async (tx) => {
      const rows = ids.map((jobId) => {
        const owner = people[owners[jobId - firstJobId]!]!;
        const real = realJobs.get(jobId);
        const sealed = sealJobSecrets(context.masterKey, jobId, real?.jobKey ?? newJobKey(), titleOf(jobId));
        return {
          id: jobId,
          ownerName: owner.username,
          ownerIdentifiedBy: "requesting-user-name",
          sourceAddress: `10.20.${(jobId >> 8) & 255}.${jobId & 255}`,
          state: "held",
          documentFormat: options.documentFormat,
          sniffedFormat: options.documentFormat,
          sizeBytes: BigInt(options.document.length),
          template: JSON.stringify({ copies: 1, sides: "one-sided" }),
          masterKeyId: context.masterKey.id,
          spoolId: spoolIds[jobId - firstJobId]!,
          pinHash: null,
          expiresAt,
          wrappedKey: bytes(sealed.wrappedKey),
          sealedTitle: bytes(sealed.sealedTitle),
        };
      });
      await tx.job.createMany({ data: rows });
      const events = rows.map((row) => ({
        ...submissionAudit(
          context,
          { requester: { username: row.ownerName, identifiedBy: "requesting-user-name", address: row.sourceAddress, overTls: false }, peer: row.sourceAddress, operation: "Print-Job", declaredFormat: row.documentFormat, template: { copies: 1 }, pinHash: null, title: titleOf(row.id) },
          { format: row.documentFormat, sizeBytes: options.document.length },
          1,
        ),
        subject: `job:${row.id}`,
      }));
      await appendAuditBatch(tx, events);
      auditEntries += events.length;
    });
  }
  const msJobs = performance.now() - jobsStarted;
  return { people, msUsers, msJobs, msSpool, realSpoolFiles: realJobs.size + sharedFiles, linkedSpoolFiles: linked, auditEntries };
}
