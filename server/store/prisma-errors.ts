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

/** P1008: the driver adapter's mapping of SQLITE_BUSY (the database is locked by another writer). */
export function isDatabaseBusy(error: unknown): boolean {
  return codeOf(error) === "P1008";
}
