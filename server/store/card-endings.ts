// Card endings by the keyed hash the audit records (cardHash = Card.numberHash), so the incident
// view can say "card …1168" without the log or the database holding a number.
import { clientOf, type Reader } from "./database.js";

/** The ending of each still-registered card among `hashes`; a removed card's hash has none. */
export async function cardEndingsByHash(db: Reader, hashes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return new Map();
  const rows = await clientOf(db).card.findMany({ where: { numberHash: { in: unique } }, select: { numberHash: true, lastDigits: true } });
  return new Map(rows.map((row) => [row.numberHash, row.lastDigits]));
}
