// Tells database errors apart by Prisma's error codes, never by message text.

function codeOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof (error as { code: unknown }).code === "string"
    ? (error as { code: string }).code
    : undefined;
}

/** P2002: a unique constraint failed (duplicate card number, printer name, ...). */
export function isUniqueViolation(error: unknown): boolean {
  return codeOf(error) === "P2002";
}

/** P2025: the record an update or delete needed was not there. */
export function isRecordMissing(error: unknown): boolean {
  return codeOf(error) === "P2025";
}

/** P2003: a foreign key would be broken (a printer that kiosks still point at). */
export function isForeignKeyViolation(error: unknown): boolean {
  return codeOf(error) === "P2003";
}

/** SQLite's primary result code SQLITE_BUSY; its extended codes (BUSY_SNAPSHOT, ...) share the low byte. */
const SQLITE_BUSY = 5;

/**
 * The database is locked by another writer: P1008 is the driver adapter's mapping of SQLITE_BUSY
 * for model queries; a raw statement reports P2010 and keeps SQLite's own result code in
 * `meta.driverAdapterError.cause.originalCode`.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const code = codeOf(error);
  if (code === "P1008") return true;
  return (code === "P2010" || isDriverError(error)) && sqlitePrimaryCode(error) === SQLITE_BUSY;
}

/**
 * An error of the SQLite driver itself, not wrapped by Prisma: a statement the store wrote and sent
 * past Prisma (writeInSteps in database.ts) fails with SQLite's code name and result code.
 */
function isDriverError(error: unknown): boolean {
  return codeOf(error)?.startsWith("SQLITE_") === true;
}

/** SQLITE_IOERR and SQLITE_FULL: what SQLite reports when the disk has no room for the WAL or its index. */
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;

/**
 * A write that may have failed for want of disk space (SQLite says SQLITE_FULL, or SQLITE_IOERR
 * when growing the WAL index fails). An I/O error can have other causes: the caller checks the
 * free space before treating it as a full disk.
 */
export function isStorageFailure(error: unknown): boolean {
  const primary = sqlitePrimaryCode(error);
  return primary === SQLITE_IOERR || primary === SQLITE_FULL;
}

/** SQLITE_CORRUPT and SQLITE_NOTADB: the file is malformed, or no SQLite database at all. */
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

export function isDamagedDatabase(error: unknown): boolean {
  const primary = sqlitePrimaryCode(error);
  return primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB;
}

/**
 * SQLite's primary result code (extended codes share the low byte): kept by the driver adapter for
 * a failed statement, or, for a failed COMMIT, on libsql's own error as `rawCode`, because the
 * adapter passes commit errors on unwrapped. On a full disk it is the commit that fails: only
 * then is the write-ahead log written.
 */
function sqlitePrimaryCode(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { meta, rawCode } = error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; extendedCode?: unknown } } }; rawCode?: unknown };
  const cause = meta?.driverAdapterError?.cause;
  const sqliteCode = Number(cause?.originalCode ?? cause?.extendedCode ?? rawCode);
  return Number.isInteger(sqliteCode) ? sqliteCode & 0xff : undefined;
}
