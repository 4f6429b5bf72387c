// What a screen kiosk's release reads before its claim, in one round trip to the reads thread past
// Prisma: the person (with their cards), the kiosk's printer and the first job. Through Prisma they
// were three queries, the person's before the other two, each a round trip and Prisma's query work
// on the event loop, on every release's path to the printer (issue 13). Each statement twins a
// Prisma reader (findUserByName, findPrinterById, findJob); release-reads.test.ts holds them to the
// same answers.
import { userFromRows, USER_COLUMNS } from "./badge-reads.js";
import { readRowsInOneTrip, type Database } from "./database.js";
import { FIND_JOB, jobFromRow } from "./job-rows.js";
import { isPossibleJobId, type JobRecord } from "./jobs.js";
import type { PrinterRecord } from "./printers.js";
import { storedDate, storedDateOrNull } from "./sql-values.js";
import type { UserRecord } from "./users.js";

export interface ReleaseReads {
  user: UserRecord | null;
  printer: PrinterRecord | null;
  /** The first job asked for; null when there is none or no job was asked for. */
  job: JobRecord | null;
}

const PERSON = `SELECT ${USER_COLUMNS.map((column) => `u."${column}"`).join(", ")}, c."id", c."lastDigits" FROM "User" AS u LEFT JOIN "Card" AS c ON c."userId" = u."id" WHERE u."username" = ? ORDER BY c."id" ASC`;

const PRINTER_COLUMNS = ["id", "name", "uri", "capabilities", "state", "stateMessage", "lastCheckedAt", "holdTimeSeconds", "nearbyPrinterIds", "createdAt"] as const;
const PRINTER = `SELECT ${PRINTER_COLUMNS.map((column) => `"${column}"`).join(", ")} FROM "Printer" WHERE "id" = ?`;

function named<Column extends string>(columns: readonly Column[], row: unknown[]): Record<Column, unknown> {
  return Object.fromEntries(columns.map((column, index) => [column, row[index]])) as Record<Column, unknown>;
}

/** As findPrinterById answers (toRecord), with the columns Prisma returns besides. */
function printerOf(row: unknown[]): PrinterRecord {
  const printer = named(PRINTER_COLUMNS, row);
  return {
    ...printer,
    capabilities: JSON.parse(printer.capabilities as string) as Record<string, unknown>,
    nearbyPrinterIds: JSON.parse(printer.nearbyPrinterIds as string) as number[],
    lastCheckedAt: storedDateOrNull(printer.lastCheckedAt),
    createdAt: storedDate(printer.createdAt),
  } as unknown as PrinterRecord;
}

/** The person, the printer and (with `jobId`) the job, in one round trip. */
export async function releaseReads(db: Database, wanted: { username: string; printerId: number; jobId?: number }): Promise<ReleaseReads> {
  const jobId = wanted.jobId;
  // findJob's guard: an id no job could have, or none at all, finds nothing.
  const askJob = jobId !== undefined && isPossibleJobId(jobId);
  const statements = [
    { sql: PERSON, args: [wanted.username] },
    { sql: PRINTER, args: [wanted.printerId] },
    ...(askJob ? [{ sql: FIND_JOB, args: [jobId] }] : []),
  ];
  const [person, printer, job] = await readRowsInOneTrip(db, statements);
  const printerRow = printer![0];
  const jobRow = job?.[0];
  return { user: userFromRows(person!), printer: printerRow === undefined ? null : printerOf(printerRow), job: jobRow === undefined ? null : jobFromRow(jobRow) };
}
