// Appends to and reads the hash-chained audit log. Appends happen inside the caller's transaction,
// so a change and its audit entry are written together or not at all.
import { canonicalJson } from "../audit/canonical.js";
import { nextEntry } from "../audit/chain.js";
import { checkAuditEvent } from "../audit/event-types.js";
import type { AuditEntry, AuditEvent, JsonValue } from "../audit/entry.js";
import type { Checkpoint } from "../audit/checkpoint.js";
import { clientOf, type Reader, type Statement, type Transaction } from "./database.js";
import { boundDate, placeholders } from "./sql-values.js";

export type AuditRecord = Omit<AuditEvent, "at"> & { at?: Date };

export async function appendAudit(tx: Transaction, record: AuditRecord): Promise<AuditEntry> {
  return appendAuditAfter(tx, await lastAuditEntry(tx), record);
}

/**
 * Appends linked to `last`, the chain's end as read earlier in this same transaction with no append
 * since (a submission reads it together with its other facts: one statement less per job). The
 * transaction holds the write lock from its first statement, so no other writer can have moved it;
 * and should `last` ever be stale, the unique seq makes the insert fail rather than fork the chain.
 */
export async function appendAuditAfter(tx: Transaction, last: { seq: number; hash: string } | null, record: AuditRecord): Promise<AuditEntry> {
  const entry = entryAfter(last, record);
  await tx.auditEntry.create({ data: storedEntry(entry) });
  return entry;
}

/** The entry that follows `last`, checked against the table of event types, not yet stored. */
export function entryAfter(last: { seq: number; hash: string } | null, record: AuditRecord): AuditEntry {
  const event = { ...record, at: record.at ?? new Date() };
  // The table of event types decides which details may be recorded: nothing else reaches the log.
  checkAuditEvent(event);
  return nextEntry(last, event);
}

/**
 * Appends several entries, chained in the order given, in one INSERT written here: group commit
 * (audit-group-commit.ts) wrote one statement per entry, each a round trip to the database thread
 * and a millisecond or more of Prisma's work on the event loop, 50 of them when 50 kiosks badged
 * at once (issue 13). Not createMany: Prisma compiles a new query plan for each number of rows, which
 * cost more than the statements it saved. The dates go in as the text Prisma's adapter binds for a
 * Date (ISO); audit-group-commit.test.ts holds the stored rows to appendAudit's. Every record is
 * checked before anything is written.
 */
export async function appendAuditEntries(tx: Transaction, records: readonly AuditRecord[]): Promise<AuditEntry[]> {
  const events = records.map((record) => ({ ...record, at: record.at ?? new Date() }));
  for (const event of events) checkAuditEvent(event);
  let last: { seq: number; hash: string } | null = await lastAuditEntry(tx);
  const entries = events.map((event) => (last = nextEntry(last, event)));
  if (entries.length === 0) return entries;
  const { sql, args } = auditInsert(entries);
  await tx.$executeRawUnsafe(sql, ...args);
  return entries;
}

/**
 * One INSERT of these entries (at least one), stored as appendAudit stores them: the dates as text
 * in the form Prisma's adapter binds a Date (sql-values.ts).
 */
export function auditInsert(entries: readonly AuditEntry[]): Statement {
  const rows = entries.map((entry) => ({ ...storedEntry(entry), at: boundDate(entry.at) }));
  const columns = Object.keys(rows[0]!);
  return {
    sql: `INSERT INTO "AuditEntry" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES ${rows.map(() => `(${placeholders(columns.length)})`).join(", ")}`,
    args: rows.flatMap((row) => Object.values(row)),
  };
}

function storedEntry(entry: AuditEntry) {
  return { seq: entry.seq, at: entry.at, type: entry.type, actor: entry.actor, subject: entry.subject, details: canonicalJson(entry.details), prevHash: entry.prevHash, hash: entry.hash };
}

export interface AuditFilter {
  from?: Date;
  to?: Date;
  types?: string[];
  actor?: string;
  subject?: string;
  /** Free text matched against actor, subject and details (for "everything about alice"). */
  text?: string;
  /** A person (canonical user name): entries they did, entries about them, and their jobs' entries (details.owner). */
  person?: string;
  /** A printer by name: entries about it, and entries naming it in details.printer. */
  printer?: string;
  /** A kiosk by name: entries it made (actor), entries about it, and entries naming it in details.kiosk. */
  kiosk?: string;
}

/**
 * The filters that name one person, printer or kiosk: entries by it (actor), about it (subject),
 * or naming it in one detail key.
 */
const NAMED_FILTERS = [
  { filter: "person", prefix: "user", byActor: true, detail: "owner" },
  { filter: "printer", prefix: "printer", byActor: false, detail: "printer" },
  { filter: "kiosk", prefix: "kiosk", byActor: true, detail: "kiosk" },
] as const;

function whereOf(filter: AuditFilter) {
  // Details are canonical JSON (no spaces, see audit/canonical.ts), so "key":"value" narrows to one
  // key; only narrows, as contains is LIKE: matchesExactly decides.
  const detail = (key: string, value: string) => ({ details: { contains: `${JSON.stringify(key)}:${JSON.stringify(value)}` } });
  const named = NAMED_FILTERS.flatMap(({ filter: key, prefix, byActor, detail: detailKey }) => {
    const value = filter[key];
    if (!value) return [];
    const label = `${prefix}:${value}`;
    return [[...(byActor ? [{ actor: label }] : []), { subject: label }, detail(detailKey, value)]];
  });
  const any = [filter.text ? [{ actor: { contains: filter.text } }, { subject: { contains: filter.text } }, { details: { contains: filter.text } }] : undefined, ...named].filter(
    (alternatives) => alternatives !== undefined,
  );
  return {
    at: { gte: filter.from, lt: filter.to },
    type: filter.types && filter.types.length > 0 ? { in: filter.types } : undefined,
    actor: filter.actor,
    subject: filter.subject,
    AND: any.length > 0 ? any.map((alternatives) => ({ OR: alternatives })) : undefined,
  };
}

/**
 * Whether an entry the query found names the person, printer or kiosk exactly. The query's
 * contains is SQL LIKE, where "_" and "%" match any character and letters either case, so a search
 * for a_b also found axb's jobs (review of 2026-12-06, F6). The same rule as the evidence export's
 * inSelection; the free-text filter stays a substring search.
 */
function matchesExactly(filter: AuditFilter, entry: AuditEntry): boolean {
  return NAMED_FILTERS.every(({ filter: key, prefix, byActor, detail }) => {
    const value = filter[key];
    if (!value) return true;
    const label = `${prefix}:${value}`;
    return (byActor && entry.actor === label) || entry.subject === label || entry.details[detail] === value;
  });
}

const namesOne = (filter: AuditFilter): boolean => NAMED_FILTERS.some(({ filter: key }) => Boolean(filter[key]));

function toEntry(row: { seq: number; at: Date; type: string; actor: string | null; subject: string | null; details: string; prevHash: string; hash: string }): AuditEntry {
  return { ...row, details: JSON.parse(row.details) as Record<string, JsonValue> };
}

/** Entries in sequence order, read in pages so memory stays flat however long the log is. */
export async function* readAudit(db: Reader, filter: AuditFilter = {}, pageSize = 1_000): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const rows = await clientOf(db).auditEntry.findMany({ where: { ...whereOf(filter), seq: { gt: after } }, orderBy: { seq: "asc" }, take: pageSize });
    for (const row of rows) {
      const entry = toEntry(row);
      if (matchesExactly(filter, entry)) yield entry;
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/** Up to `limit` entries before `beforeSeq`, newest first; read on past near misses until the page is full or the log ends. */
export async function auditPage(db: Reader, filter: AuditFilter, page: { beforeSeq?: number; limit: number }): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let before = page.beforeSeq;
  for (;;) {
    const rows = await clientOf(db).auditEntry.findMany({ where: { ...whereOf(filter), seq: before === undefined ? undefined : { lt: before } }, orderBy: { seq: "desc" }, take: page.limit });
    for (const row of rows) {
      const entry = toEntry(row);
      if (matchesExactly(filter, entry)) entries.push(entry);
      if (entries.length === page.limit) return entries;
    }
    if (rows.length < page.limit) return entries;
    before = rows[rows.length - 1]!.seq;
  }
}

export async function countAudit(db: Reader, filter: AuditFilter = {}): Promise<number> {
  if (!namesOne(filter)) return clientOf(db).auditEntry.count({ where: whereOf(filter) });
  // LIKE cannot count exactly: the narrowed entries are read and checked.
  let count = 0;
  for await (const _entry of readAudit(db, filter)) count += 1;
  return count;
}

export async function lastAuditEntry(db: Reader): Promise<{ seq: number; hash: string } | null> {
  return clientOf(db).auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
}

export async function listCheckpoints(db: Reader): Promise<Checkpoint[]> {
  const rows = await clientOf(db).auditCheckpoint.findMany({ orderBy: { seq: "asc" } });
  return rows.map((row) => ({ seq: row.seq, hash: row.hash, at: row.at, keyId: row.keyId, signature: row.signature }));
}

export async function saveCheckpoint(tx: Transaction, checkpoint: Checkpoint): Promise<void> {
  await tx.auditCheckpoint.create({ data: { seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at, keyId: checkpoint.keyId, signature: checkpoint.signature } });
}

/** The newest signed checkpoint, or null before the first one. */
export async function lastCheckpoint(db: Reader): Promise<Checkpoint | null> {
  const row = await clientOf(db).auditCheckpoint.findFirst({ orderBy: { seq: "desc" } });
  return row ? { seq: row.seq, hash: row.hash, at: row.at, keyId: row.keyId, signature: row.signature } : null;
}

export async function findAuditEntry(db: Reader, seq: number): Promise<AuditEntry | null> {
  const row = await clientOf(db).auditEntry.findUnique({ where: { seq } });
  return row ? toEntry(row) : null;
}

/** The first entry after `seq` (the oldest one a checkpoint at `seq` does not cover), or null. */
export async function auditEntryAfter(db: Reader, seq: number): Promise<AuditEntry | null> {
  const row = await clientOf(db).auditEntry.findFirst({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" } });
  return row ? toEntry(row) : null;
}

/** The seq of the first entry recorded at or after `at`, or null when every entry is older. */
export async function firstSeqSince(db: Reader, at: Date): Promise<number | null> {
  const row = await clientOf(db).auditEntry.findFirst({ where: { at: { gte: at } }, orderBy: { seq: "asc" }, select: { seq: true } });
  return row?.seq ?? null;
}

/** The newest checkpoint with a seq below `seq`. */
export async function lastCheckpointBefore(db: Reader, seq: number): Promise<Checkpoint | null> {
  const row = await clientOf(db).auditCheckpoint.findFirst({ where: { seq: { lt: seq } }, orderBy: { seq: "desc" } });
  return row ? { seq: row.seq, hash: row.hash, at: row.at, keyId: row.keyId, signature: row.signature } : null;
}

/**
 * Deletes the entries up to and including `throughSeq`, in the caller's transaction. The DELETE
 * trigger refuses entries above the prune window, so the window is opened for exactly this range
 * and closed again before the transaction commits: no other statement ever sees it open.
 */
export async function deleteAuditThrough(tx: Transaction, throughSeq: number): Promise<number> {
  await tx.auditPruneWindow.upsert({ where: { id: 1 }, create: { id: 1, upToSeq: throughSeq }, update: { upToSeq: throughSeq } });
  const { count } = await tx.auditEntry.deleteMany({ where: { seq: { lte: throughSeq } } });
  await tx.auditPruneWindow.delete({ where: { id: 1 } });
  return count;
}

/**
 * When the database was created: the start of its first migration, as Prisma's bookkeeping
 * records it. It dates an empty audit log (an empty log in an old database lost its entries).
 */
export async function databaseCreatedAt(db: Reader): Promise<Date | null> {
  const rows = await clientOf(db).$queryRawUnsafe<{ startedAt: string | null }[]>('SELECT MIN("started_at") AS "startedAt" FROM "_prisma_migrations"');
  const text = rows[0]?.startedAt;
  const at = text ? new Date(text) : null;
  return at !== null && !Number.isNaN(at.getTime()) ? at : null;
}
