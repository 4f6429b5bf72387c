// Audit entries as the incident view shows them: details with any clear card number masked, and a
// card named by the keyed hash in the entry shown by its ending ("…1168"), never by its number.
import { isoMillis } from "../audit/canonical.js";
import type { AuditEntry } from "../audit/entry.js";
import { maskCardNumbers } from "../audit/mask-card-numbers.js";
import { cardEndingsByHash } from "../store/card-endings.js";
import type { Reader } from "../store/database.js";

export interface ShownEntry {
  seq: number;
  at: string;
  type: string;
  actor: string | null;
  subject: string | null;
  details: Record<string, unknown>;
  /** "…1168" when the entry names a card that is still registered, else null. */
  card: string | null;
}

const cardHashOf = (entry: AuditEntry): string | undefined => (typeof entry.details.cardHash === "string" ? entry.details.cardHash : undefined);

export async function shownEntries(db: Reader, entries: readonly AuditEntry[]): Promise<ShownEntry[]> {
  const endings = await cardEndingsByHash(db, entries.map(cardHashOf).filter((hash) => hash !== undefined));
  return entries.map((entry) => {
    const hash = cardHashOf(entry);
    const ending = hash === undefined ? undefined : endings.get(hash);
    return { seq: entry.seq, at: isoMillis(entry.at), type: entry.type, actor: entry.actor, subject: entry.subject, details: maskCardNumbers(entry.details), card: ending === undefined ? null : `…${ending}` };
  });
}
