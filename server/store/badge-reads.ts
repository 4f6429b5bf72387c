// What a kiosk badge reads, in SQL written here and sent to the database's reads thread past Prisma:
// the card's holder in one statement, then the kiosk's printer, the person's held jobs and the
// recent admin changes together in one round trip. Through Prisma a badge made six queries, each a
// round trip and about a millisecond of Prisma's query interpreter on the event loop; 50 kiosks
// badged at once queued 300 of them (issue 13). Each statement twins a Prisma reader
// (findUserByCard, findKioskPrinter, listJobListingsOfOwner, recentAdminChanges); badge-reads.test.ts
// holds them to the same answers.
import type { JobState } from "../jobs/job-states.js";
import { readRowsInOneTrip, type Database } from "./database.js";
import type { JobListing } from "./jobs.js";
import type { KioskPrinter } from "./printers.js";
import { boundDate, placeholders, storedBytesOrNull, storedDate, storedDateOrNull } from "./sql-values.js";
import type { UserRecord } from "./users.js";

export const USER_COLUMNS = ["id", "username", "displayName", "pinHash", "passwordHash", "failedPins", "lockedUntil", "heldQuotaJobs", "heldQuotaBytes", "directoryId", "email", "language", "disabledAt", "disabledReason", "createdAt"] as const;

/**
 * The person and all their cards in one statement: the card by its unique hash, its holder by primary
 * key and the holder's cards by the userId index (a row per card, the user's columns repeated).
 * Exported for its test, which holds it to that query plan.
 */
export const CARD_HOLDER =
  `SELECT ${USER_COLUMNS.map((column) => `u."${column}"`).join(", ")}, mine."id", mine."lastDigits" ` +
  `FROM "Card" AS read JOIN "User" AS u ON u."id" = read."userId" JOIN "Card" AS mine ON mine."userId" = u."id" ` +
  `WHERE read."numberHash" = ? ORDER BY mine."id" ASC`;

/** The holder of a card, found by the keyed hash of the number that was read (findUserByCard's twin). */
export async function cardHolder(db: Database, numberHash: string): Promise<UserRecord | null> {
  const [rows] = await readRowsInOneTrip(db, [{ sql: CARD_HOLDER, args: [numberHash] }]);
  return userFromRows(rows!);
}

/**
 * A person from rows of USER_COLUMNS followed by a card's id and last digits, a row per card (a card
 * id of null: a person without cards, from a LEFT JOIN); null when there is no row.
 */
export function userFromRows(rows: unknown[][]): UserRecord | null {
  const first = rows[0];
  if (first === undefined) return null;
  const column = (name: (typeof USER_COLUMNS)[number]) => first[USER_COLUMNS.indexOf(name)];
  const quotaBytes = column("heldQuotaBytes");
  const user = {
    ...Object.fromEntries(USER_COLUMNS.map((name, index) => [name, first[index]])),
    lockedUntil: storedDateOrNull(column("lockedUntil")),
    heldQuotaBytes: quotaBytes === null ? null : BigInt(quotaBytes as number),
    disabledAt: storedDateOrNull(column("disabledAt")),
    createdAt: storedDate(column("createdAt")),
    cards: rows.filter((row) => row[USER_COLUMNS.length] !== null).map((row) => ({ id: row[USER_COLUMNS.length] as number, lastDigits: row[USER_COLUMNS.length + 1] as string })),
  };
  return user as unknown as UserRecord;
}

export interface KioskSessionReads {
  /** The kiosk's printer; null when the kiosk is gone, undefined when it was not asked for. */
  printer?: KioskPrinter | null;
  jobs: JobListing[];
  /** "kiosk:NAME by admin:eva", as recentAdminChanges words them; undefined when not asked for. */
  adminChanges?: string[];
}

const KIOSK_PRINTER = `SELECT p."id", p."name", p."capabilities" FROM "Kiosk" AS k JOIN "Printer" AS p ON p."id" = k."printerId" WHERE k."id" = ? LIMIT 1`;

const LISTING_COLUMNS = ["id", "state", "stateReason", "stateReasonCode", "sizeBytes", "pages", "template", "pinHash", "wrappedKey", "sealedTitle", "submittedAt", "releasedAt", "releasedPrinterId"] as const;

const listingOf = (row: unknown[]): JobListing => {
  const [id, state, stateReason, stateReasonCode, sizeBytes, pages, template, pinHash, wrappedKey, sealedTitle, submittedAt, releasedAt, releasedPrinterId] = row;
  return {
    id: id as number,
    state: state as JobState,
    stateReason: stateReason as string,
    stateReasonCode: stateReasonCode as string | null,
    sizeBytes: Number(sizeBytes),
    pages: pages as number | null,
    template: JSON.parse(template as string) as Record<string, unknown>,
    pinHash: pinHash as string | null,
    wrappedKey: storedBytesOrNull(wrappedKey),
    sealedTitle: storedBytesOrNull(sealedTitle),
    submittedAt: storedDate(submittedAt),
    releasedAt: storedDateOrNull(releasedAt),
    releasedPrinterId: releasedPrinterId as number | null,
  };
};

/**
 * What a kiosk screen shows of a session, in one round trip: the kiosk's printer (with `kioskId`),
 * the owner's jobs in `states` lowest id first (at most `limit`), and with `adminChangesOf` the admin
 * changes of those subjects since its date (the session.started entry names them).
 */
export async function kioskSessionReads(
  db: Database,
  wanted: { kioskId?: number; ownerName: string; states: readonly JobState[]; limit: number; adminChangesOf?: { subjects: readonly string[]; since: Date } },
): Promise<KioskSessionReads> {
  const statements = [
    {
      sql: `SELECT ${LISTING_COLUMNS.map((column) => `"${column}"`).join(", ")} FROM "Job" WHERE "ownerName" = ? AND "state" IN (${placeholders(wanted.states.length)}) ORDER BY "id" ASC LIMIT ?`,
      args: [wanted.ownerName, ...wanted.states, wanted.limit],
    },
  ];
  if (wanted.kioskId !== undefined) statements.push({ sql: KIOSK_PRINTER, args: [wanted.kioskId] });
  const changes = wanted.adminChangesOf;
  if (changes !== undefined) {
    statements.push({
      sql: `SELECT "subject", "actor" FROM "AuditEntry" WHERE "type" = 'admin.changed' AND "subject" IN (${placeholders(changes.subjects.length)}) AND "at" >= ? ORDER BY "seq" ASC`,
      args: [...changes.subjects, boundDate(changes.since)],
    });
  }
  const answers = await readRowsInOneTrip(db, statements);
  const reads: KioskSessionReads = { jobs: answers[0]!.map(listingOf) };
  let next = 1;
  if (wanted.kioskId !== undefined) {
    const [printer] = answers[next++]!;
    reads.printer = printer === undefined ? null : { id: printer[0] as number, name: printer[1] as string, capabilities: JSON.parse(printer[2] as string) as Record<string, unknown> };
  }
  if (changes !== undefined) reads.adminChanges = [...new Set(answers[next]!.map(([subject, actor]) => `${subject as string} by ${(actor as string | null) ?? "unknown"}`))];
  return reads;
}
