// How values meet the SQL the store writes itself (past Prisma): parameter lists, and dates in the
// text form Prisma's SQLite adapter binds and stores, so raw statements and Prisma's agree; blobs as the
// database thread hands them over.

/** "?, ?, ?" for `count` parameters. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => "?").join(", ");
}

/** A Date as Prisma's adapter binds and stores it: RFC 3339 text with milliseconds and an explicit offset. */
export function boundDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/**
 * A DATETIME column as stored: Prisma's adapter writes ISO text ("…+00:00"), SQLite's
 * CURRENT_TIMESTAMP writes "YYYY-MM-DD HH:MM:SS", which Prisma reads as UTC, and so does this.
 */
export function storedDate(value: unknown): Date {
  if (typeof value === "number") return new Date(value);
  const text = String(value);
  return new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
}

export function storedDateOrNull(value: unknown): Date | null {
  return value === null ? null : storedDate(value);
}

/** A blob column as the database thread hands it over (a latin1 string, one character a byte), or null. */
export function storedBytesOrNull(value: unknown): Buffer | null {
  return value === null ? null : Buffer.from(value as string, "latin1");
}
